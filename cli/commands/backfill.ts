import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { type BackfillJob, backfillTriggers, type JobProgress } from '#shared/backfill/backfill.ts';
import { ENTITY_QUERIES } from '#shared/backfill/entity-queries.ts';
import { dryRunRule, plannableCatalog } from '#shared/rules/dry-run.ts';
import { ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import type { CliRuntime } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, cliIo, print, printJson } from '../output.ts';
import { parseSince } from './events.ts';
import { printDryRun } from './rules.ts';

interface BackfillOptions {
  since: string;
  until?: string;
  dryRun?: boolean;
  limit?: string;
  force?: boolean;
  json?: boolean;
}

/** How often the CLI reads the job's progress, and how long it waits for the consumer to pick the job up. */
const POLL_MS = 500;
const PICKUP_TIMEOUT_MS = 60_000;

/** Defines `wixflow backfill RULE_ID --since …`. */
export function backfillCommand(command: Command, { withContext }: CliRuntime): void {
  command
    .requiredOption('--since <time>', 'from: an ISO time or a span back from now: 6h, 30d')
    .option('--until <time>', 'until: an ISO time or a span back from now (default now)')
    .option('--dry-run', 'count what would run and show the first plans; run nothing')
    .option('--limit <n>', 'at most this many entities')
    .option('--force', 'run again for entities this rule was already back-filled for')
    .option('--json', 'print the summary as JSON')
    .action((ruleId: string, options: BackfillOptions) =>
      withContext((ctx) => backfill(ctx, ruleId, options)),
    );
}

async function backfill(ctx: CliContext, ruleId: string, options: BackfillOptions): Promise<void> {
  const since = parseSince(options.since);
  const until = options.until === undefined ? new Date() : parseSince(options.until);
  if (since >= until) throw new CliError('--since must be before --until');
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new CliError('--limit takes a positive whole number');
  const rule = await ctx.stores.rules.get(ruleId);
  if (!rule) throw new CliError(`no rule "${ruleId}"; see \`wixflow rules list\``);
  if (!rule.enabled)
    throw new CliError(`rule ${ruleId} is disabled: enable it first (\`wixflow rules enable ${ruleId}\`)`);
  const { queries, unsupported } = backfillTriggers(rule);
  if (queries.length === 0) {
    throw new CliError(
      `rule ${ruleId} triggers on ${unsupported.join(', ')}, which Wix cannot list by date; back-fill works for ${Object.keys(ENTITY_QUERIES).join(', ')}`,
    );
  }

  const job: BackfillJob = {
    jobId: randomUUID(),
    ruleId,
    since: since.toISOString(),
    until: until.toISOString(),
    ...(limit === undefined ? {} : { limit }),
    force: Boolean(options.force),
    dryRun: Boolean(options.dryRun),
    position: { connection: 0, query: 0 },
  };
  const queue = ctx.queues();
  try {
    await queue.sendJob(job);
  } finally {
    queue.close();
  }
  if (!options.json) {
    print(
      `Back-filling ${ruleId} (${queries.map((q) => q.trigger).join(', ')}) from ${job.since} to ${job.until}${options.dryRun ? ' — dry run, nothing will run' : ''}.`,
    );
    for (const trigger of unsupported) print(`  ${trigger}: Wix cannot list these by date; left out`);
  }
  const progress = await follow(ctx, job.jobId, Boolean(options.json));
  if (options.json) return printJson(progress);
  if (progress.status === 'failed')
    throw new CliError(`back-fill failed: ${progress.error ?? 'unknown error'}`);
  await summarise(ctx, rule, progress, Boolean(options.dryRun));
}

/**
 * Reads the job's progress until it is done, drawing one updating progress line on a terminal; throws CliError
 * when the run's signal aborts (the `wixflow` process the local stack runs it for went away): the job goes on.
 */
async function follow(ctx: CliContext, jobId: string, quiet: boolean): Promise<JobProgress> {
  const started = Date.now();
  const { stderr, signal } = cliIo();
  // One updating line on a terminal, a line per change otherwise (a log, a CI job).
  const tty = stderr.isTTY === true && !quiet;
  let last = '';
  for (;;) {
    const progress = await ctx.stores.jobs.get(jobId);
    if (progress && (progress.status === 'done' || progress.status === 'failed')) {
      if (tty && last) stderr.write('\n');
      return progress;
    }
    if (!progress && Date.now() - started > PICKUP_TIMEOUT_MS) {
      throw new CliError(
        'the back-fill job was queued but no consumer has picked it up in a minute: is the stack running? It will run when one does',
      );
    }
    const line = progress
      ? `  found ${progress.found} · queued ${progress.queued} · already back-filled ${progress.skipped}`
      : '  waiting for the consumer…';
    if (line !== last && !quiet) {
      stderr.write(tty ? `\r${line}` : `${line}\n`);
      last = line;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (signal?.aborted) throw new CliError('stopped following the back-fill; the consumer goes on with it');
  }
}

async function summarise(
  ctx: CliContext,
  rule: Parameters<typeof dryRunRule>[0],
  progress: JobProgress,
  dryRun: boolean,
): Promise<void> {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const cut = progress.truncated ? ' (stopped at --limit)' : '';
  if (dryRun) {
    print(
      `Dry run: ${plural(progress.found, 'entity', 'entities')} found${cut}; ${progress.queued} would run, ${progress.skipped} already back-filled.`,
    );
    for (const sample of progress.samples) {
      const catalog = plannableCatalog(
        (await ctx.stores.connections.get(sample.connectionId))?.catalogVersion,
      );
      print('');
      printDryRun(
        await dryRunRule(rule, sample.event, {
          connection: { id: sample.connectionId, instanceId: sample.event.instanceId },
          ...(catalog ? { catalogVersion: catalog } : {}),
          ruleSecret: (name) => ctx.secrets.get(ruleSecretId(ctx.secretsPrefix, name)),
        }),
      );
    }
    if (progress.queued > 0) print(`\nRun it for real without --dry-run.`);
    return;
  }
  print(
    `Queued ${plural(progress.queued, 'event')} for ${rule.id}${cut}; ${progress.skipped} already back-filled (--force runs them again).`,
  );
  if (progress.queued > 0) print(`Follow the runs with \`wixflow runs list --rule ${rule.id}\`.`);
}
