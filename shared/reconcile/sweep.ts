import { allPages, type CatalogVersion, queryFor } from '#shared/backfill/entity-queries.ts';
import { syntheticEvent } from '#shared/backfill/synthetic-event.ts';
import type { Logger } from '#shared/log.ts';
import { METRIC, type Metrics } from '#shared/observability/metrics.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { WatermarkStore } from './watermarks.ts';

export interface SweepOptions {
  /** Changes younger than this are left to their webhooks, which may still be on their way. */
  graceMs: number;
  /** Each window starts this much before the last one ended, for clock skew between Wix and us. */
  overlapMs: number;
}

export const DEFAULT_SWEEP: SweepOptions = { graceMs: 2 * 60_000, overlapMs: 5 * 60_000 };

export interface SweepDeps {
  wixFor: (connection: Connection) => WixApi;
  catalogOf: (connection: Connection, wix: WixApi) => Promise<CatalogVersion>;
  queue: EventQueue;
  events: Pick<EventStore, 'isClaimed'>;
  watermarks: WatermarkStore;
  log: Logger;
  now?: () => Date;
}

export interface SweepResult {
  connectionId: string;
  /** Wix queries made (a quiet site costs one per trigger). */
  queries: number;
  /** Changes found in the windows. */
  found: number;
  /** Changes no webhook delivered, queued as `reconcile` events. */
  reconciled: number;
}

/** The triggers of the enabled rules for a connection that reconciliation can query. */
export function reconcilableTriggers(connection: Connection, rules: StoredRule[]): string[] {
  const triggers = rules
    .filter((r) => r.enabled && (r.connection === '*' || r.connection === connection.id))
    .flatMap((r) => ruleTriggers(r))
    .filter((t) => queryFor(t) !== undefined);
  return [...new Set(triggers)].sort();
}

/**
 * One reconciliation sweep of a connection: for each trigger, asks Wix for the entities changed since the
 * watermark, and queues each change no event has claimed (no webhook delivered it, no earlier sweep found
 * it) as a synthetic `reconcile` event. The consumer claims the same change key for webhooks, so a webhook
 * arriving after the sweep runs nothing twice. A trigger's first sweep only sets its watermark: what happened
 * before is back-fill's job (`wixflow backfill`), not a surprise run of old changes.
 */
export async function sweepConnection(
  connection: Connection,
  triggers: string[],
  deps: SweepDeps,
  options: SweepOptions = DEFAULT_SWEEP,
): Promise<SweepResult> {
  const now = deps.now ?? (() => new Date());
  const result: SweepResult = { connectionId: connection.id, queries: 0, found: 0, reconciled: 0 };
  const wix = deps.wixFor(connection);
  const counting: WixApi = {
    request: (request) => {
      result.queries += 1;
      return wix.request(request);
    },
  };
  const context = { wix: counting, catalog: () => deps.catalogOf(connection, wix) };
  for (const trigger of triggers) {
    const query = queryFor(trigger);
    if (!query) continue;
    const until = new Date(now().getTime() - options.graceMs);
    const mark = await deps.watermarks.get(connection.id, trigger);
    if (mark === undefined) {
      await deps.watermarks.put(connection.id, trigger, until);
      continue;
    }
    if (query.reconcilable && !(await query.reconcilable(context))) continue;
    const since = new Date(mark.getTime() - options.overlapMs);
    for await (const page of allPages(query, { since, until }, context)) {
      for (const change of page) {
        result.found += 1;
        const event = syntheticEvent(query, change, {
          source: 'reconcile',
          instanceId: connection.instanceId,
          now: now(),
        });
        const match = resolveTriggers(event).find((m) => m.trigger === trigger);
        const key = match?.onceKey ?? match?.changeKey;
        if (key === undefined || (await deps.events.isClaimed(connection.instanceId, key))) continue;
        await deps.queue.send(event);
        result.reconciled += 1;
      }
    }
    await deps.watermarks.put(connection.id, trigger, until);
  }
  if (result.reconciled > 0) {
    deps.log.warn('reconciliation found changes no webhook delivered; queued them', {
      connectionId: connection.id,
      reconciled: result.reconciled,
    });
  }
  return result;
}

export interface SweepAllDeps extends SweepDeps {
  connections: Pick<ConnectionStore, 'list'>;
  rules: Pick<RuleStore, 'list'>;
  metrics: Metrics;
}

/**
 * Sweeps every active connection for the triggers its enabled rules use. One connection's failure (a revoked
 * key, Wix down) is logged and counted and does not stop the others; its watermark stays, so the next sweep
 * covers the gap.
 */
export async function sweepAll(
  deps: SweepAllDeps,
  options: SweepOptions = DEFAULT_SWEEP,
): Promise<SweepResult[]> {
  const [connections, rules] = await Promise.all([deps.connections.list(), deps.rules.list()]);
  const results: SweepResult[] = [];
  for (const connection of connections.filter((c) => c.status === 'active')) {
    const triggers = reconcilableTriggers(connection, rules);
    if (triggers.length === 0) continue;
    try {
      const result = await sweepConnection(connection, triggers, deps, options);
      results.push(result);
      deps.metrics.count(METRIC.eventsReconciled, result.reconciled);
      deps.metrics.count(METRIC.reconcileQueries, result.queries);
    } catch (error) {
      deps.log.warn('reconciliation sweep of a connection failed; the next sweep covers its window', {
        connectionId: connection.id,
        error,
      });
      deps.metrics.count(METRIC.reconcileFailures, 1);
    }
  }
  return results;
}
