import type { Command } from 'commander';
import { planReplay, queueReplays, type ReplayPlan } from '#shared/replay/replay-events.ts';
import { spanMs } from '#shared/span.ts';
import type { EventRecord } from '#shared/store/events.ts';
import type { CliRuntime } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, cliIo, print, printJson, table } from '../output.ts';

interface ReplayOptions {
  dlq?: boolean;
  since?: string;
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
}

/** Defines `wixflow events list` and `wixflow events replay`. */
export function eventsCommand(events: Command, { withContext }: CliRuntime): void {
  events
    .command('list')
    .description('list logged events, newest first')
    .option('--since <time>', 'an ISO time or a span back from now: 30m, 6h, 2d', '1d')
    .option('--status <status>', 'only events with this status (done, stale, ignored, received)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON for scripts')
    .action((options: { since: string; status?: string; limit: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const limit = positive(options.limit, '--limit');
        const all = (await ctx.stores.events.listSince(parseSince(options.since), 10_000))
          .filter((e) => !options.status || e.status === options.status)
          .reverse()
          .slice(0, limit);
        if (options.json) return printJson(all.map(({ payload: _payload, ...rest }) => rest));
        if (all.length === 0) return print(`No events since ${parseSince(options.since).toISOString()}.`);
        print(
          table(
            ['EVENT', 'RECEIVED', 'SOURCE', 'TYPE', 'STATUS', 'TRIGGERS', 'RUNS', 'DUPLICATES'],
            all.map((e) => [
              e.eventId,
              e.receivedAt,
              e.source,
              e.eventType,
              e.status,
              e.triggers.join(', ') || '-',
              String(e.runIds.length),
              String(e.duplicates),
            ]),
          ),
        );
      }),
    );

  events
    .command('replay [eventId]')
    .description('run stored events through the current rules again, or move the dead-letter queue back')
    .option('--dlq', 'move every dead-lettered event back to the queue')
    .option('--since <time>', 'replay every event received since: an ISO time or 30m, 6h, 2d')
    .option('--dry-run', 'show what would run, queue nothing')
    .option('--force', 'run rules again even where they already succeeded')
    .option('--json', 'print the plan as JSON')
    .action((eventId: string | undefined, options: ReplayOptions) =>
      withContext((ctx) => replay(ctx, eventId, options)),
    );
}

async function replay(ctx: CliContext, eventId: string | undefined, options: ReplayOptions): Promise<void> {
  const chosen = [Boolean(options.dlq), Boolean(options.since), Boolean(eventId)].filter(Boolean).length;
  if (chosen !== 1)
    throw new CliError('name what to replay: an EVENT_ID, --since TIME or --dlq (one of them)');
  if (options.dlq) {
    if (options.force || options.dryRun)
      throw new CliError('--dlq moves messages as they are; --force and --dry-run do not apply');
    const queue = ctx.queues();
    try {
      const moved = await queue.redriveDlq((n) => {
        if (n % 10 === 0) cliIo().stderr.write(`  moved ${n}…\n`);
      });
      print(
        moved === 0
          ? 'The dead-letter queue is empty.'
          : `Moved ${moved} event${moved === 1 ? '' : 's'} from the dead-letter queue back to the events queue.`,
      );
    } finally {
      queue.close();
    }
    return;
  }
  const records: EventRecord[] = eventId
    ? [await ctx.stores.events.find(eventId).then((r) => r ?? failNoEvent(eventId))]
    : await ctx.stores.events.listSince(parseSince(options.since ?? ''), 10_000);
  if (records.length === 0) return print('No events to replay.');
  const rules = await ctx.stores.rules.list();
  const plans: ReplayPlan[] = [];
  for (const record of records)
    plans.push(
      await planReplay(
        record,
        { rules, connections: ctx.stores.connections, runs: ctx.stores.runs },
        Boolean(options.force),
      ),
    );

  if (options.json) printJson(plans);
  else printPlans(plans, Boolean(options.dryRun));
  if (options.dryRun) return;

  const queued = await queueReplays(ctx.queues(), records, plans, Boolean(options.force));
  if (!options.json) {
    print(
      `\nQueued ${queued} event${queued === 1 ? '' : 's'} for replay. Follow them with \`wixflow runs list\`.`,
    );
  }
}

function printPlans(plans: ReplayPlan[], dryRun: boolean): void {
  print(dryRun ? 'Dry run: nothing will be queued.\n' : '');
  for (const plan of plans) {
    print(`${plan.eventId}  ${plan.eventType}  (received ${plan.receivedAt})`);
    if (plan.unavailable) print(`  cannot replay: ${plan.unavailable}`);
    else if (plan.runs.length === 0) print('  no enabled rule matches it now');
    for (const run of plan.runs) {
      const what =
        run.action === 'skip'
          ? `skip: already ${run.previousStatus} (use --force to run again)`
          : run.action === 'retry'
            ? `run again (was ${run.previousStatus})`
            : 'run';
      print(`  ${run.ruleId} on ${run.connectionId} for ${run.trigger}: ${what}`);
    }
  }
}

function failNoEvent(eventId: string): never {
  throw new CliError(`no event "${eventId}" in the event log; see \`wixflow events list\``);
}

function positive(value: string, flag: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} takes a positive whole number`);
  return n;
}

/** An ISO time, or a span back from now such as 30m, 6h, 2d. */
export function parseSince(value: string, now = Date.now()): Date {
  const span = spanMs(value);
  if (span !== undefined) return new Date(now - span);
  const date = Date.parse(value);
  if (Number.isNaN(date))
    throw new CliError(`"${value}" is not a time: use an ISO time or a span like 30m, 6h, 2d`);
  return new Date(date);
}
