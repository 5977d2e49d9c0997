import { isAutomationEvent } from '#shared/automations/automation-event.ts';
import type { Logger } from '#shared/log.ts';
import { matchesForRule } from '#shared/rules/rule-matches.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import {
  DEFAULT_LEASE_MS,
  RetryableRunError,
  type RunRuleDeps,
  runIdOf,
  runRule,
} from '#shared/rules/run-rule.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import type { EventPlan, EventStore } from '#shared/store/events.ts';
import { type Run, RunBusyError } from '#shared/store/runs.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { changeEventId } from '#shared/triggers/change-key.ts';
import { entitySequence, isAnonymizeRequest } from '#shared/triggers/normalise.ts';
import { resolveTriggers, type TriggerContext, type TriggerMatch } from '#shared/triggers/resolve.ts';
import type { WixApi, WixCall } from '#shared/wix/client/wix-http-client.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { applyConnectionLifecycle, isLifecycleEvent } from './connection-lifecycle.ts';
import type { RunAlerts } from './run-alerts.ts';

export interface ProcessEventDeps extends Omit<RunRuleDeps, 'wix'> {
  connections: ConnectionStore;
  events: EventStore;
  /** The enabled and disabled rules; the consumer loads them once per batch. */
  rules: () => Promise<StoredRule[]>;
  wixFor: (connection: Connection, onCall: (call: WixCall) => void) => WixApi;
  /** Whether the Wix app's id and secret are configured (so `AppInstalled` can create connections). */
  appConfigured: boolean;
  /** Raises failure alerts (wixflow.run.* events); none when absent. */
  alerts?: RunAlerts;
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

/** One run an event's plan holds: a rule, for one trigger match, on one connection. */
interface PlannedRun {
  rule: StoredRule;
  trigger: string;
  context: TriggerContext;
  connection: Connection;
  runId: string;
}

/**
 * Acts on one event exactly once. It first works out what the event will do (stale against a newer event of
 * the same entity, no active connection, or the runs of every enabled rule it triggers), then claims it in the
 * event log with that plan in one conditional write (a finished event is a duplicate and does nothing; one
 * another attempt holds comes back later), then runs the plan; the runs' own records finish the event
 * (docs/decisions/009). `AppInstalled` and `AppRemoved` change connections, so they are claimed before they
 * are planned. Throws when any run must be retried (so the queue delivers the event again).
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
  ): EventOutcome => ({ eventId: event.eventId, status, triggers, runs });

  const lifecycle = isLifecycleEvent(event);
  let plan = lifecycle ? undefined : await planEvent(event, deps, log, replay);
  const claim = await deps.events.claim(event, {
    anonymize: isAnonymizeRequest(event),
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
    replay: replay !== undefined,
    ...(plan ? { plan: plan.record } : {}),
  });
  if (claim.state === 'duplicate') {
    log.info('duplicate delivery of a finished event; nothing to do', { firstStatus: claim.record.status });
    // A failure alert the queue refused last time is kept on its run: queue it now (run-alerts.ts). Throws
    // RetryableRunError while the queue still refuses, so the event comes back again.
    for (const runId of claim.record.pendingAlerts ?? []) {
      const run = await deps.runs.get(runId);
      if (run?.alertPending) await deps.alerts?.afterRun(run, event);
    }
    return outcome('duplicate', claim.record.triggers);
  }
  if (claim.state === 'busy') {
    const leaseLeftMs = (claim.record.leaseUntil ?? 0) - Date.now();
    throw new RunBusyError(
      `event ${event.eventId} is being processed by another attempt`,
      leaseLeftMs > 0 ? Math.ceil(leaseLeftMs / 1000) : undefined,
    );
  }
  if (!plan) {
    await applyConnectionLifecycle(event, {
      connections: deps.connections,
      appConfigured: deps.appConfigured,
      log,
    });
    plan = await planEvent(event, deps, log, replay);
  }
  const { record } = plan;
  if (record.status !== 'received') {
    if (!claim.recorded) await deps.events.finish(event.eventId, record);
    return outcome(record.status, record.triggers);
  }

  const runs: Run[] = [];
  let retry: Error | undefined;
  for (const { rule, trigger, context, connection } of plan.runs) {
    try {
      const run = await runRule(
        {
          rule,
          event,
          trigger,
          context,
          connection: { id: connection.id, instanceId: connection.instanceId },
          ...(replay ? { replay } : {}),
          fresh: claim.state === 'new' && !replay,
        },
        { ...deps, wix: (onCall) => deps.wixFor(connection, onCall) },
      );
      runs.push(run);
      // A failed or needs-attention end raises a wixflow.run.* event (run-alerts.ts).
      await deps.alerts?.afterRun(run, event);
    } catch (error) {
      // Keep going: the other rules' runs are recorded, the retry repeats only what failed.
      log.warn('run will be retried', { ruleId: rule.id, error });
      retry ??= error instanceof Error ? error : new RetryableRunError(String(error));
    }
  }
  if (retry) {
    if (claim.leased) await deps.events.release(event.eventId);
    throw retry;
  }
  if (!claim.recorded) {
    await deps.events.finish(event.eventId, {
      status: 'done',
      triggers: record.triggers,
      runIds: record.runIds,
    });
  }
  return outcome('done', record.triggers, runs);
}

/**
 * What an event will do, deciding nothing twice: a stale event (the entity's sequence mark is past it), an
 * ignored one (no active connection), or the runs of every enabled rule it triggers on each connection.
 */
async function planEvent(
  event: WixEvent,
  deps: ProcessEventDeps,
  log: Logger,
  replay: { id: string; force: boolean } | undefined,
): Promise<{ record: EventPlan; runs: PlannedRun[] }> {
  const nothing = (status: EventPlan['status'], note?: string) => ({
    record: { status, triggers: [], runIds: [], ...(note ? { note } : {}) },
    runs: [],
  });
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
    return nothing('stale', 'older than an event already processed');
  }

  // An automation's event belongs to the connection whose automation sent it, not to every connection of the site.
  const connections = (await deps.connections.findByInstanceId(event.instanceId)).filter(
    (c) => c.status === 'active' && (event.connectionId === undefined || c.id === event.connectionId),
  );
  if (connections.length === 0) {
    log.warn('no active connection for this app instance; event recorded without running rules');
    return nothing('ignored', 'no active connection for the instance');
  }

  const matches = await claimedMatches(event, deps.events, deps.claimChanges ?? false);
  const rawType = normaliseEventType(event.eventType);
  // A back-filled event is for the one rule the user back-filled.
  const rules = (await deps.rules()).filter(
    (r) => r.enabled && (event.ruleId === undefined || r.id === event.ruleId),
  );
  const runs: PlannedRun[] = [];
  for (const connection of connections) {
    for (const rule of rules) {
      if (rule.connection !== '*' && rule.connection !== connection.id) continue;
      for (const { trigger, context } of matchesForRule(rule, matches, rawType, event)) {
        const runId = runIdOf({ rule, event, trigger, context, ...(replay ? { replay } : {}) });
        runs.push({ rule, trigger, context, connection, runId });
      }
    }
  }
  const triggers = isAutomationEvent(event) ? [event.eventType] : [...new Set(matches.map((m) => m.trigger))];
  return {
    record: { status: runs.length > 0 ? 'received' : 'done', triggers, runIds: runs.map((r) => r.runId) },
    runs,
  };
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
  // A creation recorded under its change's id (creationEventId) claimed the change with its own record.
  const ownsChange = (match: TriggerMatch) =>
    match.changeKey !== undefined && changeEventId(event.instanceId, match.changeKey) === event.eventId;
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
      !ownsChange(match) &&
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
