import type { Command } from 'commander';
import type { CliRuntime } from '../command.ts';
import { CliError, print, printJson, table } from '../output.ts';

/** Defines `wixflow runs list` and `wixflow runs show RUN_ID`. */
export function runsCommand(runs: Command, { withContext }: CliRuntime): void {
  runs
    .command('list')
    .description('list recent runs, newest first')
    .option('--rule <id>', 'only runs of this rule')
    .option('--status <status>', 'only runs with this status (succeeded, failed, retrying, skipped, running)')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print JSON for scripts')
    .action((options: { rule?: string; status?: string; limit: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const limit = Number.parseInt(options.limit, 10);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliError('--limit takes a positive whole number');
        const all = (
          await ctx.stores.runs.list({ ruleId: options.rule, limit: options.status ? 1000 : limit })
        )
          .filter((r) => !options.status || r.status === options.status)
          .slice(0, limit);
        if (options.json) return printJson(all);
        if (all.length === 0) return print('No runs yet.');
        print(
          table(
            ['RUN', 'STARTED', 'RULE', 'EVENT', 'TRIGGER', 'STATUS', 'DURATION'],
            all.map((r) => [
              r.runId,
              r.startedAt,
              r.ruleId,
              r.eventId.length > 24 ? `${r.eventId.slice(0, 23)}…` : r.eventId,
              r.trigger,
              r.status,
              r.durationMs === undefined ? '-' : `${r.durationMs} ms`,
            ]),
          ),
        );
      }),
    );

  runs
    .command('show <runId>')
    .description("show a run: each step's input, output or Wix error")
    .option('--json', 'print JSON for scripts')
    .action((runId: string, options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const run = await ctx.stores.runs.get(runId);
        if (!run) throw new CliError(`no run "${runId}"; see \`wixflow runs list\``);
        if (options.json) return printJson(run);
        print(`Run ${run.runId}: ${run.status}${run.reason ? ` (${run.reason})` : ''}`);
        print(
          `  rule ${run.ruleId} · trigger ${run.trigger} · event ${run.eventId} · connection ${run.connectionId}`,
        );
        print(
          `  started ${run.startedAt} · ${run.attempts} attempt(s)${run.durationMs === undefined ? '' : ` · ${run.durationMs} ms`}`,
        );
        if (run.error) print(`  error: ${run.error.message}`);
        for (const step of run.steps) {
          print(`\n  step ${step.id} (${step.module}): ${step.status} in ${step.durationMs} ms`);
          for (const call of step.calls) print(`    ${call.method} ${call.path} → ${call.status}`);
          print(`    input:  ${JSON.stringify(step.input)}`);
          if (step.output !== undefined) print(`    output: ${JSON.stringify(step.output)}`);
          if (step.error) print(`    error:  ${step.error.message}`);
        }
      }),
    );
}
