import type { Command } from 'commander';
import {
  formatProblem,
  prepareRule,
  RuleSetError,
  readRuleDocuments,
  validateRuleSet,
} from '#shared/rules/apply-rules.ts';
import { ruleTriggers } from '#shared/rules/rule-schema.ts';
import { CliError, print, printJson, table } from '../output.ts';
import type { WithContext } from './connections.ts';

/** Registers `wixflow rules …`. */
export function rulesCommand(program: Command, withContext: WithContext): void {
  const rules = program.command('rules').description('the rules that turn Wix events into actions');

  rules
    .command('apply <path>')
    .description('validate rule files (YAML or JSON, a file or a directory), then store them all, or none')
    .action((path: string) =>
      withContext(async (ctx) => {
        let parsed: ReturnType<typeof validateRuleSet>;
        try {
          parsed = validateRuleSet(await readRuleDocuments(path));
        } catch (error) {
          if (error instanceof RuleSetError) {
            const count = error.problems.length;
            throw new CliError(
              `rejected ${path}: ${count} problem${count === 1 ? '' : 's'}; nothing was applied\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
            );
          }
          throw error;
        }
        if (parsed.length === 0) throw new CliError(`no rules found in ${path}`);
        const connections = new Set((await ctx.stores.connections.list()).map((c) => c.id));
        const counts = { created: 0, updated: 0, unchanged: 0 };
        for (const rule of parsed) {
          const stored = prepareRule(rule);
          const existing = await ctx.stores.rules.get(rule.id);
          if (existing?.version === stored.version) {
            counts.unchanged++;
            continue;
          }
          await ctx.stores.rules.put(stored);
          counts[existing ? 'updated' : 'created']++;
        }
        print(
          `Applied ${parsed.length} rule${parsed.length === 1 ? '' : 's'}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`,
        );
        for (const rule of parsed) {
          if (rule.connection !== '*' && !connections.has(rule.connection)) {
            print(
              `Note: rule ${rule.id} names connection "${rule.connection}", which does not exist yet; add it with \`wixflow connections add\`.`,
            );
          }
        }
      }),
    );

  rules
    .command('list')
    .description('list rules with their last run')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const all = await ctx.stores.rules.list();
        const lastRuns = await Promise.all(all.map((r) => ctx.stores.runs.list({ ruleId: r.id, limit: 1 })));
        if (options.json) {
          return printJson(all.map((r, i) => ({ ...r, lastRun: lastRuns[i]?.[0] ?? null })));
        }
        if (all.length === 0)
          return print('No rules yet. Write one (see README) and run `wixflow rules apply FILE`.');
        print(
          table(
            ['ID', 'TRIGGER', 'CONNECTION', 'ENABLED', 'LAST RUN'],
            all.map((r, i) => {
              const last = lastRuns[i]?.[0];
              return [
                r.id,
                ruleTriggers(r).join(', '),
                r.connection,
                r.enabled ? 'yes' : 'no',
                last ? `${last.status} ${last.startedAt}` : '-',
              ];
            }),
          ),
        );
      }),
    );

  rules
    .command('delete <id>')
    .description('delete a rule')
    .action((id: string) =>
      withContext(async (ctx) => {
        if (!(await ctx.stores.rules.delete(id)))
          throw new CliError(`no rule "${id}"; see \`wixflow rules list\``);
        print(`Deleted rule ${id}.`);
      }),
    );
}
