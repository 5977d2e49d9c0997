import type { Logger } from '#shared/log.ts';
import { ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import { RetryableRunError, type RunRuleDeps, runRule } from '#shared/rules/run-rule.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { Run } from '#shared/store/runs.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { entitySequence, isAnonymizeRequest } from '#shared/triggers/normalise.ts';
import {
  eventContextOf,
  resolveTriggers,
  type TriggerContext,
  type TriggerMatch,
} from '#shared/triggers/resolve.ts';
import type { WixApi, WixCall } from '#shared/wix/client/wix-http-client.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { applyConnectionLifecycle } from './connection-lifecycle.ts';

export interface ProcessEventDeps extends Omit<RunRuleDeps, 'wix'> {
  connections: ConnectionStore;
  events: EventStore;
  /** The enabled and disabled rules; the consumer loads them once per batch. */
  rules: () => Promise<StoredRule[]>;
  wixFor: (connection: Connection, onCall: (call: WixCall) => void) => WixApi;
  /** Whether the Wix app's id and secret are configured (so `AppInstalled` can create connections). */
  appConfigured: boolean;
  /**
   * Claim each entity change (change-key.ts) so a webhook and a reconciled event of it run once between them;
   * on while reconciliation is, so a deployment without it pays no write for it.
   */
  claimChanges?: boolean;
  log: Logger;
}

export interface EventOutcome {
  eventId: string;
  /** `duplicate`: already finished earlier; `stale`: older than an event already processed for the entity. */
  status: 'done' | 'duplicate' | 'stale' | 'ignored';
  triggers: string[];
  runs: Run[];
}

/**
 * Acts on one event exactly once: records it in the event log (a finished event is a duplicate and does
 * nothing), skips it when it is older than one already processed for the same entity, keeps connections
 * in step with app installs, then runs every enabled rule it triggers for each active connection of its
 * instance. Throws when any run must be retried (so the queue delivers the event again).
 */
export async function processEvent(
  event: WixEvent,
  deps: ProcessEventDeps,
  replay?: { id: string; force: boolean },
): Promise<EventOutcome> {
  const log = deps.log.child({
    eventId: event.eventId,
    eventType: event.eventType,
    instanceId: event.instanceId,
  });
  const outcome = (
    status: EventOutcome['status'],
    triggers: string[] = [],
    runs: Run[] = [],
  ): EventOutcome => ({
    eventId: event.eventId,
    status,
    triggers,
    runs,
  });

  const begun = await deps.events.begin(event, { anonymize: isAnonymizeRequest(event) });
  // A replay is the user's explicit request: it passes the event-level dedupe; run checkpoints still hold.
  if (begun.state === 'duplicate' && !replay) {
    log.info('duplicate delivery of a finished event; nothing to do', { firstStatus: begun.record.status });
    return outcome('duplicate', begun.record.triggers);
  }

  const sequence = entitySequence(event);
  if (
    sequence &&
    !replay?.force &&
    !(await deps.events.advanceSequence(
      event.instanceId,
      sequence.entityKey,
      sequence.sequence,
      event.eventId,
    ))
  ) {
    log.info('stale event: a newer one was already processed for this entity; recorded, not acted on', {
      entityKey: sequence.entityKey,
      sequence: sequence.sequence.toString(),
    });
    await deps.events.finish(event.eventId, {
      status: 'stale',
      note: 'older than an event already processed',
    });
    return outcome('stale');
  }

  await applyConnectionLifecycle(event, {
    connections: deps.connections,
    appConfigured: deps.appConfigured,
    log,
  });

  const connections = (await deps.connections.findByInstanceId(event.instanceId)).filter(
    (c) => c.status === 'active',
  );
  if (connections.length === 0) {
    log.warn('no active connection for this app instance; event recorded without running rules');
    await deps.events.finish(event.eventId, {
      status: 'ignored',
      note: 'no active connection for the instance',
    });
    return outcome('ignored');
  }

  const matches = await claimedMatches(event, deps.events, deps.claimChanges ?? false);
  const rawType = normaliseEventType(event.eventType);
  // A back-filled event is for the one rule the user back-filled.
  const rules = (await deps.rules()).filter(
    (r) => r.enabled && (event.ruleId === undefined || r.id === event.ruleId),
  );
  const runs: Run[] = [];
  let retry: Error | undefined;

  for (const connection of connections) {
    for (const rule of rules) {
      if (rule.connection !== '*' && rule.connection !== connection.id) continue;
      for (const { trigger, context } of matchesForRule(rule, matches, rawType, event)) {
        try {
          runs.push(
            await runRule(
              {
                rule,
                event,
                trigger,
                context,
                connection: { id: connection.id, instanceId: connection.instanceId },
                ...(replay ? { replay } : {}),
              },
              { ...deps, wix: (onCall) => deps.wixFor(connection, onCall) },
            ),
          );
        } catch (error) {
          // Keep going: the other rules' runs are checkpointed, the retry repeats only what failed.
          log.warn('run will be retried', { ruleId: rule.id, error });
          retry ??= error instanceof Error ? error : new RetryableRunError(String(error));
        }
      }
    }
  }
  if (retry) throw retry;
  const triggers = [...new Set(matches.map((m) => m.trigger))];
  await deps.events.finish(event.eventId, { status: 'done', triggers, runIds: runs.map((r) => r.runId) });
  return outcome('done', triggers, runs);
}

/**
 * Drops the matches whose once-only key (or, with `claimChanges`, change key) another event already claimed.
 */
async function claimedMatches(
  event: WixEvent,
  events: EventStore,
  claimChanges: boolean,
): Promise<TriggerMatch[]> {
  const resolved = resolveTriggers(event);
  if (event.source === 'backfill') {
    // The user asked to run the rule on what happened, whatever ran before: claims do not hold it back. It
    // still takes the ones free, so reconciliation and a late webhook count the change as delivered.
    for (const match of resolved) {
      for (const key of [match.onceKey, claimChanges ? match.changeKey : undefined]) {
        if (key !== undefined) await events.claimOnce(event.instanceId, key, event.eventId);
      }
    }
    return resolved;
  }
  const matches: TriggerMatch[] = [];
  for (const match of resolved) {
    if (
      claimChanges &&
      match.changeKey !== undefined &&
      !(await events.claimOnce(event.instanceId, match.changeKey, event.eventId))
    ) {
      continue;
    }
    matches.push(match);
  }
  const kept: TriggerMatch[] = [];
  let anyNew = false;
  for (const match of matches) {
    if (match.onceKey === undefined) continue;
    if (await events.claimOnce(event.instanceId, match.onceKey, event.eventId)) {
      kept.push(match);
      anyNew = true;
    }
  }
  for (const match of matches) {
    if (match.onceKey !== undefined) continue;
    if (match.onlyIfNothingNew && anyNew) continue;
    kept.push(match);
  }
  return kept;
}

/** The trigger matches a rule subscribes to: catalogue names, or the raw Wix eventType. */
export function matchesForRule(
  rule: StoredRule,
  matches: TriggerMatch[],
  rawType: string,
  event: WixEvent,
): { trigger: string; context: TriggerContext }[] {
  const wanted = new Set(
    ruleTriggers(rule).map((t) => (t.includes('_') || t.includes('-') ? normaliseEventType(t) : t)),
  );
  const out: { trigger: string; context: TriggerContext }[] = matches
    .filter((m) => wanted.has(m.trigger))
    .map((m) => ({ trigger: m.trigger, context: m.context }));
  if (wanted.has(rawType) || wanted.has(event.eventType)) {
    out.push({ trigger: event.eventType, context: rawContext(event, matches) });
  }
  return out;
}

function rawContext(event: WixEvent, matches: TriggerMatch[]): TriggerContext {
  const first = matches[0]?.context;
  return {
    event: eventContextOf(event),
    entityId: first?.entityId,
    entity: first?.entity,
    raw: event.data,
  };
}
