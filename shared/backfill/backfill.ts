import * as z from 'zod';
import type { Logger } from '#shared/log.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import type { Connection } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { WixEventSchema } from '#shared/wix/webhook/wix-event.ts';
import { type CatalogVersion, type EntityQuery, queryFor } from './entity-queries.ts';
import type { JobStore } from './jobs.ts';
import { syntheticEvent } from './synthetic-event.ts';

/**
 * A back-fill job as it travels on the events queue: the user's request and where the work stands. The
 * consumer works through it page by page and, when its time is up, queues the rest as a new message, so a
 * long window never holds one invocation and survives a crash (the queue delivers the message again).
 */
export const BackfillJobSchema = z.object({
  jobId: z.string().min(1),
  ruleId: z.string().min(1),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  limit: z.number().int().positive().optional(),
  force: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  position: z
    .object({
      connection: z.number().int().min(0),
      query: z.number().int().min(0),
      token: z.string().optional(),
    })
    .default({ connection: 0, query: 0 }),
});
export type BackfillJob = z.infer<typeof BackfillJobSchema>;

/** What the CLI reads back: progress while it runs, the summary when it is done. */
export const JobProgressSchema = z.object({
  jobId: z.string(),
  ruleId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  found: z.number().default(0),
  queued: z.number().default(0),
  /** Already back-filled for this rule (and not forced). */
  skipped: z.number().default(0),
  /** The rule's triggers back-fill found a Wix query for, and those it has none for. */
  triggers: z.array(z.string()).default([]),
  unsupported: z.array(z.string()).default([]),
  /** The first few synthetic events, for a dry run's plans. */
  samples: z.array(z.object({ connectionId: z.string(), event: WixEventSchema })).default([]),
  /** True when `limit` stopped it before the window was exhausted. */
  truncated: z.boolean().default(false),
  error: z.string().optional(),
  updatedAt: z.string(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

const SAMPLES = 3;

/** The triggers of a rule back-fill can and cannot query. */
export function backfillTriggers(rule: Pick<StoredRule, 'trigger'>): {
  queries: EntityQuery[];
  unsupported: string[];
} {
  const queries: EntityQuery[] = [];
  const unsupported: string[] = [];
  for (const trigger of ruleTriggers(rule)) {
    const query = queryFor(trigger);
    if (query) queries.push(query);
    else unsupported.push(trigger);
  }
  return { queries, unsupported };
}

export interface BackfillJobDeps {
  rules: () => Promise<StoredRule[]>;
  /** The active connections of the rule (its own, or every active one for `connection: '*'`). */
  connectionsFor: (rule: StoredRule) => Promise<Connection[]>;
  /** A Wix client for a connection, paced by the site's rate limiter. */
  wixFor: (connection: Connection) => WixApi;
  catalogOf: (connection: Connection, wix: WixApi) => Promise<CatalogVersion>;
  /** Where synthetic events go: the events queue, like webhooks. */
  queue: EventQueue;
  /** Queues the rest of a job that ran out of time. */
  continueJob: (job: BackfillJob) => Promise<void>;
  events: Pick<EventStore, 'get'>;
  jobs: JobStore;
  /** True while this invocation may start another page. */
  hasTime: () => boolean;
  log: Logger;
  now?: () => Date;
}

/**
 * Runs a rule over what already happened: asks Wix for the entities of each of the rule's triggers created
 * (or changed, for `.updated` triggers) in the window and queues each as a synthetic event for this rule
 * only. The consumer runs them like webhooks (checkpoints, retries, run history); the derived event id makes
 * a repeated back-fill a duplicate, so each (rule, entity, trigger) runs once unless forced. A dry run counts
 * and keeps samples, queueing nothing.
 */
export async function runBackfillJob(job: BackfillJob, deps: BackfillJobDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const progress = (await deps.jobs.get(job.jobId)) ?? {
    jobId: job.jobId,
    ruleId: job.ruleId,
    status: 'queued',
    found: 0,
    queued: 0,
    skipped: 0,
    triggers: [],
    unsupported: [],
    samples: [],
    truncated: false,
    updatedAt: now().toISOString(),
  };
  if (progress.status === 'done' || progress.status === 'failed') return;
  const save = (fields: Partial<JobProgress>) =>
    deps.jobs.put(Object.assign(progress, fields, { updatedAt: now().toISOString() }));

  const rule = (await deps.rules()).find((r) => r.id === job.ruleId);
  if (!rule?.enabled) {
    await save({
      status: 'failed',
      error: `rule ${job.ruleId} is ${rule ? 'disabled' : 'not in the store'}`,
    });
    return;
  }
  const { queries, unsupported } = backfillTriggers(rule);
  const connections = await deps.connectionsFor(rule);
  await save({ status: 'running', triggers: queries.map((q) => q.trigger), unsupported });
  const window = { since: new Date(job.since), until: new Date(job.until) };
  const limit = job.limit ?? Number.POSITIVE_INFINITY;
  let { connection: c, query: q, token } = job.position;

  while (c < connections.length) {
    const connection = connections[c] as Connection;
    const wix = deps.wixFor(connection);
    const context = { wix, catalog: () => deps.catalogOf(connection, wix) };
    while (q < queries.length) {
      const query = queries[q] as EntityQuery;
      if (!deps.hasTime()) {
        await deps.continueJob({
          ...job,
          position: { connection: c, query: q, ...(token ? { token } : {}) },
        });
        return;
      }
      const page = await query.page(window, context, token);
      for (const change of page.changes) {
        if (progress.found >= limit) {
          await save({ status: 'done', truncated: true });
          return;
        }
        progress.found += 1;
        const event = syntheticEvent(query, change, {
          source: 'backfill',
          instanceId: connection.instanceId,
          ruleId: rule.id,
          force: job.force,
          now: now(),
        });
        if (progress.samples.length < SAMPLES) progress.samples.push({ connectionId: connection.id, event });
        if (!job.force && (await deps.events.get(event.eventId))) {
          progress.skipped += 1;
          continue;
        }
        if (!job.dryRun) await deps.queue.send(event);
        progress.queued += 1;
      }
      await save({});
      token = page.next;
      if (token === undefined) q += 1;
    }
    c += 1;
    q = 0;
  }
  await save({ status: 'done' });
  deps.log.info('back-fill done', { jobId: job.jobId, ruleId: job.ruleId, found: progress.found });
}
