import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Connection } from '#shared/store/connections.ts';
import { type CliContext, openLocalContext } from '../context.ts';
import { CliError, print, printJson, table } from '../output.ts';

/** The secret store id of a connection's API key. */
export const apiKeySecretId = (connectionId: string) => `connections/${connectionId}/api-key`;

interface AddOptions {
  id: string;
  instanceId: string;
  oauth?: boolean;
  apiKeyFile?: string;
  siteId?: string;
  accountId?: string;
}

/** Registers `wixflow connections …`. */
export function connectionsCommand(program: Command, withContext: WithContext): void {
  const connections = program.command('connections').description('the Wix sites wixflow acts on');

  connections
    .command('add')
    .description('add a connection to a Wix site (its app instance)')
    .requiredOption('--id <id>', 'your name for the connection, used by rules')
    .requiredOption('--instance-id <instance>', 'the Wix app instance id of the site (webhooks carry it)')
    .option('--oauth', "authorise with the Wix app's client credentials (POST /oauth2/token)")
    .option('--api-key-file <file>', 'authorise with a Wix API key read from this file')
    .option('--site-id <site>', 'with --api-key-file: the site the key acts on (wix-site-id)')
    .option('--account-id <account>', 'with --api-key-file: act account-wide instead (wix-account-id)')
    .action((options: AddOptions) => withContext((ctx) => addConnection(ctx, options)));

  connections
    .command('list')
    .description('list connections (never their secrets)')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const all = await ctx.stores.connections.list();
        if (options.json) return printJson(all.map(publicView));
        if (all.length === 0) return print('No connections yet. Add one with `wixflow connections add`.');
        print(
          table(
            ['ID', 'INSTANCE', 'SITE', 'AUTH', 'CATALOG', 'STATUS'],
            all.map((c) => [
              c.id,
              c.instanceId,
              c.auth.kind === 'apiKey' ? (c.auth.siteId ?? `account ${c.auth.accountId}`) : (c.siteId ?? '-'),
              c.auth.kind === 'apiKey' ? 'api key' : 'oauth (client credentials)',
              c.catalogVersion ?? '-',
              c.status,
            ]),
          ),
        );
      }),
    );

  connections
    .command('remove <id>')
    .description('remove a connection and its stored secret')
    .action((id: string) =>
      withContext(async (ctx) => {
        const connection = await ctx.stores.connections.get(id);
        if (!connection) throw new CliError(`no connection "${id}"; see \`wixflow connections list\``);
        if (connection.auth.kind === 'apiKey') await ctx.secrets.delete(connection.auth.secretId);
        await ctx.stores.connections.delete(id);
        print(`Removed connection ${id}.`);
      }),
    );
}

async function addConnection(ctx: CliContext, options: AddOptions): Promise<void> {
  if (Boolean(options.oauth) === Boolean(options.apiKeyFile)) {
    throw new CliError('choose one way to authorise: --oauth or --api-key-file FILE');
  }
  if (options.apiKeyFile && Boolean(options.siteId) === Boolean(options.accountId)) {
    throw new CliError('--api-key-file needs exactly one of --site-id or --account-id');
  }
  if (!options.apiKeyFile && (options.siteId || options.accountId)) {
    throw new CliError('--site-id and --account-id go with --api-key-file');
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.id)) {
    throw new CliError(`connection id "${options.id}" may hold letters, digits, ".", "_" and "-"`);
  }
  if (await ctx.stores.connections.get(options.id)) {
    throw new CliError(`connection "${options.id}" already exists; remove it first to replace it`);
  }
  const now = new Date().toISOString();
  let auth: Connection['auth'] = { kind: 'oauth' };
  if (options.apiKeyFile) {
    const key = (
      await readFile(options.apiKeyFile, 'utf8').catch(() => {
        throw new CliError(`cannot read the API key file ${options.apiKeyFile}`);
      })
    ).trim();
    if (key === '') throw new CliError(`the API key file ${options.apiKeyFile} is empty`);
    const secretId = apiKeySecretId(options.id);
    await ctx.secrets.put(secretId, key);
    auth = {
      kind: 'apiKey',
      secretId,
      ...(options.siteId ? { siteId: options.siteId } : {}),
      ...(options.accountId ? { accountId: options.accountId } : {}),
    };
  }
  await ctx.stores.connections.put({
    id: options.id,
    instanceId: options.instanceId,
    ...(options.siteId ? { siteId: options.siteId } : {}),
    auth,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  });
  print(
    `Added connection ${options.id} for instance ${options.instanceId} (${auth.kind === 'apiKey' ? 'API key' : 'OAuth'}).`,
  );
  print(`Next: write a rule with \`connection: ${options.id}\` and run \`wixflow rules apply FILE\`.`);
}

function publicView(c: Connection) {
  const { auth, ...rest } = c;
  return {
    ...rest,
    auth: auth.kind === 'apiKey' ? { kind: auth.kind, siteId: auth.siteId, accountId: auth.accountId } : auth,
  };
}

export type WithContext = (work: (ctx: CliContext) => Promise<void>) => Promise<void>;
export { openLocalContext };
