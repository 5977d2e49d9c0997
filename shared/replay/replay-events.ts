import { randomBytes } from 'node:crypto';
import type { QueueAdmin } from '#shared/queue/queue-admin.ts';
import type { Replay } from '#shared/queue/queue-message.ts';
import { matchesForRule } from '#shared/rules/rule-matches.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import { runIdFor } from '#shared/rules/run-rule.ts';
import type { ConnectionStore } from '#shared/store/connections.ts';
import { type EventRecord, storedEvent } from '#shared/store/events.ts';
import type { RunStore } from '#shared/store/runs.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';

export { storedEvent };

/** What a replay would do for one rule: run it fresh, try a failed run again, or leave a finished one. */
export interface PlannedRun {
  ruleId: string;
  connectionId: string;
  trigger: string;
  runId: string;
  action: 'run' | 'retry' | 'skip';
  previousStatus?: string;
}

export interface ReplayPlan {
  eventId: string;
  eventType: string;
  receivedAt: string;
  /** Why the event cannot be replayed (no stored payload), if so. */
  unavailable?: string;
  runs: PlannedRun[];
}

/** Works out, without running anything, what replaying an event through the current rules would do. */
export async function planReplay(
  record: EventRecord,
  deps: { rules: StoredRule[]; connections: ConnectionStore; runs: RunStore },
  force: boolean,
): Promise<ReplayPlan> {
  const base = { eventId: record.eventId, eventType: record.eventType, receivedAt: record.receivedAt };
  const event = storedEvent(record);
  if (!event)
    return { ...base, unavailable: 'stored without its payload (GDPR anonymize request)', runs: [] };
  const connections = (await deps.connections.findByInstanceId(event.instanceId)).filter(
    (c) => c.status === 'active',
  );
  const matches = resolveTriggers(event);
  const runs: PlannedRun[] = [];
  for (const connection of connections) {
    for (const rule of deps.rules.filter((r) => r.enabled)) {
      if (rule.connection !== '*' && rule.connection !== connection.id) continue;
      for (const { trigger, context } of matchesForRule(
        rule,
        matches,
        normaliseEventType(event.eventType),
        event,
      )) {
        const runId = runIdFor(event.eventId, rule.id, trigger, context.entityId);
        const previous = await deps.runs.get(runId);
        const action: PlannedRun['action'] = force
          ? 'run'
          : !previous
            ? 'run'
            : previous.status === 'succeeded' || previous.status === 'skipped'
              ? 'skip'
              : 'retry';
        runs.push({
          ruleId: rule.id,
          connectionId: connection.id,
          trigger,
          runId,
          action,
          ...(previous ? { previousStatus: previous.status } : {}),
        });
      }
    }
  }
  return { ...base, runs };
}

/** A fresh replay marker: finished runs stay finished unless `force`, which starts new runs. */
export const newReplay = (force: boolean): Replay => ({
  id: randomBytes(4).toString('hex'),
  force,
});

/**
 * Queues for replay, under one fresh marker, each event whose plan runs something; closes the queue client.
 * Resolves how many were queued. `plans[i]` is `records[i]`'s (planReplay).
 */
export async function queueReplays(
  queue: Pick<QueueAdmin, 'send' | 'close'>,
  records: readonly EventRecord[],
  plans: readonly ReplayPlan[],
  force: boolean,
): Promise<number> {
  let queued = 0;
  try {
    const marker = newReplay(force);
    for (const [i, record] of records.entries()) {
      const event = storedEvent(record);
      if (!event || !plans[i]?.runs.some((r) => r.action !== 'skip')) continue;
      await queue.send(event, marker);
      queued += 1;
    }
  } finally {
    queue.close();
  }
  return queued;
}
