import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { MIN_HIDDEN_SECRET_LENGTH, secretNames } from '#shared/rules/rule-secrets-use.ts';
import { RULE_SECRET_NAME, ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import type { CliRuntime } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, cliIo, cliPath, print, printJson, table } from '../output.ts';

interface SetOptions {
  file?: string;
  stdin?: boolean;
}

/** Defines `wixflow secrets set|list|remove`: the rule secrets, named in rules as `{{ secrets.NAME }}`. */
export function secretsCommand(secrets: Command, { withContext }: CliRuntime): void {
  secrets
    .command('set <name>')
    .description('store a secret (create or replace) from a file or stdin; the value is never printed')
    .option('--file <file>', 'read the value from this file (one trailing newline is dropped)')
    .option('--stdin', 'read the value from stdin (one trailing newline is dropped)')
    .action(async (name: string, options: SetOptions) => {
      checkName(name);
      const value = await readValue(options);
      await withContext(async (ctx) => {
        const id = ruleSecretId(ctx.secretsPrefix, name);
        try {
          await ctx.secrets.put(id, value);
        } catch (error) {
          // Only Secrets Manager schedules deletions: its SDK loads on this path alone.
          const { isScheduledForDeletion } = await import('#shared/secrets/secrets-manager-store.ts');
          if (!isScheduledForDeletion(error)) throw error;
          throw new CliError(
            `secret ${name} was removed less than 7 days ago; bring it back with \`aws secretsmanager restore-secret --secret-id ${id}\`, then set it again`,
          );
        }
        print(`Secret ${name} saved to ${ctx.description}. Rules use it as {{ secrets.${name} }}.`);
        if (value.length < MIN_HIDDEN_SECRET_LENGTH) {
          print(
            `Note: values shorter than ${MIN_HIDDEN_SECRET_LENGTH} characters are not hidden in run records and logs (they would match ordinary text).`,
          );
        }
      });
    });

  secrets
    .command('list')
    .description('list the names of the rule secrets (never their values)')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const names = await ruleSecretNames(ctx);
        if (options.json) return printJson(names.map((name) => ({ name })));
        if (names.length === 0) {
          return print('No rule secrets yet. Add one with `wixflow secrets set NAME --file FILE`.');
        }
        print(
          table(
            ['NAME', 'IN RULES'],
            names.map((name) => [name, `{{ secrets.${name} }}`]),
          ),
        );
      }),
    );

  secrets
    .command('remove <name>')
    .description('delete a rule secret (on AWS after a 7-day recovery window)')
    .action(async (name: string) => {
      checkName(name);
      await withContext(async (ctx) => {
        const id = ruleSecretId(ctx.secretsPrefix, name);
        if (!(await ctx.secrets.list(id)).includes(id)) {
          throw new CliError(`no secret "${name}"; see \`wixflow secrets list\``);
        }
        await ctx.secrets.delete(id);
        const users = (await ctx.stores.rules.list())
          .filter((rule) => rule.enabled && secretNames(rule).includes(name))
          .map((rule) => rule.id);
        const note =
          users.length === 0
            ? ''
            : `\nNote: ${users.length === 1 ? 'rule' : 'rules'} ${users.join(', ')} ${users.length === 1 ? 'uses it; its' : 'use it; their'} runs fail until it is set again.`;
        // CliContext names secrets without a prefix on the local stack only; on AWS the store is Secrets Manager.
        if (ctx.secretsPrefix === '') return print(`Removed secret ${name} from ${ctx.description}.${note}`);
        print(
          `Secret ${name} is scheduled for deletion from ${ctx.description}: running consumers stop reading it within 5 minutes (their cache), ` +
            'and Secrets Manager deletes it after a 7-day recovery window, during which the name cannot be set ' +
            `again (\`aws secretsmanager restore-secret --secret-id ${id}\` brings it back).${note}`,
        );
      });
    });
}

/** Throws CliError unless `name` can be written `{{ secrets.NAME }}` in a rule. */
function checkName(name: string): void {
  if (!RULE_SECRET_NAME.test(name)) {
    throw new CliError(
      `secret name "${name}" must start with a letter or "_" and hold only letters, digits and "_" (64 at most)`,
    );
  }
}

/** The value from --file or --stdin, less one trailing newline; throws CliError when unreadable or empty. */
async function readValue(options: SetOptions): Promise<string> {
  if (Boolean(options.file) === Boolean(options.stdin)) {
    throw new CliError('choose where the value comes from: --file FILE or --stdin');
  }
  const raw = options.file
    ? await readFile(cliPath(options.file), 'utf8').catch(() => {
        throw new CliError(`cannot read the file ${options.file}`);
      })
    : await readStdin();
  // Only the newline editors and `echo` add: a value may itself end in spaces.
  const value = raw.replace(/\r?\n$/, '');
  if (value === '') throw new CliError(`the secret value from ${options.file ?? 'stdin'} is empty`);
  return value;
}

async function readStdin(): Promise<string> {
  const { stdin, stderr } = cliIo();
  if (stdin.isTTY) stderr.write('Type the value, then press Ctrl-D on a new line.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** The names of the rule secrets in the context's store, sorted. */
export async function ruleSecretNames(ctx: CliContext): Promise<string[]> {
  const folder = ruleSecretId(ctx.secretsPrefix, '');
  return (await ctx.secrets.list(folder)).map((id) => id.slice(folder.length));
}
