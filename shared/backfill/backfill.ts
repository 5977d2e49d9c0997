import type { EventQueue } from '#shared/queue/event-queue.ts';
import { ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import type { Connection } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { type CatalogVersion, type ChangeWindow, type EntityQuery, queryFor } from './entity-queries.ts';
import { syntheticEvent } from './synthetic-event.ts';

export interface BackfillOptions {
  window: ChangeWindow;
  /** Count and plan only: nothing is queued. */
  dryRun?: boolean;
  /** At most this many entities (over all triggers and connections). */
  limit?: number;
  /** Run again for entities already back-filled for this rule. */
  force?: boolean;
}

export interface BackfillDeps {
  /** The connections the rule runs for (its own, or every active one for `connection: '*'`). */
  connections: Connection[];
  /** A Wix client for a connection, paced by the site's rate limiter. */
  wixFor: (connection: Connection) => WixApi;
  /** The site's catalog, from the connection or asked of Wix. */
  catalogOf: (connection: Connection, wix: WixApi) => Promise<CatalogVersion>;
  queue: EventQueue;
  events: Pick<EventStore, 'get'>;
  now?: () => Date;
  /** Told after each page: how many entities were found, queued and skipped so far. */
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  found: number;
  queued: number;
  /** Already back-filled for this rule (and not forced). */
  skipped: number;
}

export interface BackfillSummary extends BackfillProgress {
  ruleId: string;
  /** The rule's triggers back-fill found a Wix query for. */
  triggers: string[];
  /** The rule's triggers it cannot back-fill (no Wix query says when they happened). */
  unsupported: string[];
  /** The first few synthetic events, for a dry run's plans. */
  samples: { connection: Connection; event: WixEvent }[];
  /** True when `limit` stopped it before the window was exhausted. */
  truncated: boolean;
}

const SAMPLES = 3;

/** The triggers of a rule back-fill can and cannot query. */
export function backfillTriggers(rule: StoredRule): { queries: EntityQuery[]; unsupported: string[] } {
  const queries: EntityQuery[] = [];
  const unsupported: string[] = [];
  for (const trigger of ruleTriggers(rule)) {
    const query = queryFor(trigger);
    if (query) queries.push(query);
    else unsupported.push(trigger);
  }
  return { queries, unsupported };
}

/**
 * Runs a rule over what already happened: asks Wix for the entities of each of the rule's triggers created
 * (or changed, for `.updated` triggers) in the window and queues each as a synthetic event for this rule
 * only. The consumer runs them like webhooks (checkpoints, retries, run history); the event id makes a
 * repeated back-fill a duplicate, so each (rule, entity, trigger) runs once unless forced.
 */
export async function backfillRule(
  rule: StoredRule,
  options: BackfillOptions,
  deps: BackfillDeps,
): Promise<BackfillSummary> {
  const now = deps.now ?? (() => new Date());
  const { queries, unsupported } = backfillTriggers(rule);
  const summary: BackfillSummary = {
    ruleId: rule.id,
    triggers: queries.map((q) => q.trigger),
    unsupported,
    found: 0,
    queued: 0,
    skipped: 0,
    samples: [],
    truncated: false,
  };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (const connection of deps.connections) {
    const wix = deps.wixFor(connection);
    const context = { wix, catalog: () => deps.catalogOf(connection, wix) };
    for (const query of queries) {
      for await (const page of query.pages(options.window, context)) {
        for (const change of page) {
          if (summary.found >= limit) {
            summary.truncated = true;
            return summary;
          }
          summary.found += 1;
          const event = syntheticEvent(query, change, {
            source: 'backfill',
            instanceId: connection.instanceId,
            ruleId: rule.id,
            force: options.force ?? false,
            now: now(),
          });
          if (summary.samples.length < SAMPLES) summary.samples.push({ connection, event });
          if (!options.force && (await deps.events.get(event.eventId))) {
            summary.skipped += 1;
            continue;
          }
          if (!options.dryRun) await deps.queue.send(event);
          summary.queued += 1;
        }
        deps.onProgress?.({ found: summary.found, queued: summary.queued, skipped: summary.skipped });
      }
    }
  }
  return summary;
}
