import { createHash } from 'node:crypto';
import { CallError } from '#shared/call-error.ts';
import type { Logger } from '#shared/log.ts';
import { redact } from '#shared/log.ts';
import {
  type ErrorRecord,
  isTerminal,
  type Run,
  RunBusyError,
  type RunStore,
  type StepRecord,
} from '#shared/store/runs.ts';
import type { TriggerContext } from '#shared/triggers/resolve.ts';
import { RateLimitWaitError } from '#shared/wix/client/rate-limiter.ts';
import type { WixApi, WixCall } from '#shared/wix/client/wix-http-client.ts';
import { isIdempotent } from '#shared/wix/modules/action-module.ts';
import type { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import type { OutsideHttp } from '#shared/wix/modules/outside-http.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { executeSteps, type StepResult } from './execute-steps.ts';
import { ExpressionError } from './expressions.ts';
import type { StoredRule } from './rule-schema.ts';
import { afterStepFailure, stepAttempt, stepWhat } from './step-retry.ts';

export interface RunRuleInput {
  rule: StoredRule;
  event: WixEvent;
  trigger: string;
  context: TriggerContext;
  connection: { id: string; instanceId: string };
  /** Set when the user replays the event: failed runs are tried again; `force` starts a fresh run. */
  replay?: { id: string; force: boolean };
  /**
   * The event is seen for the first time and this attempt holds its claim: no earlier run can exist and no
   * other attempt can start one, so the run is neither looked up nor begun, only recorded.
   */
  fresh?: boolean;
}

export interface RunRuleDeps {
  runs: RunStore;
  /** The Wix client for this run's connection; `onCall` records each call in the step. */
  wix: (onCall: (call: WixCall) => void) => WixApi;
  /** The Stores catalog version of each site, asked once per process. */
  catalogVersions: CatalogVersions;
  /** Calls outside Wix (`http.request`); @default the process's default client (public addresses only) */
  http?: OutsideHttp;
  /** The value of the rule secret `name` (`{{ secrets.NAME }}`), undefined when it is not set. */
  ruleSecret?: (name: string) => Promise<string | undefined>;
  log: Logger;
  now?: () => Date;
  /** How long an attempt owns the event and its runs before another may take over (≥ the consumer's timeout). */
  leaseMs?: number;
  /** How long run records are kept. */
  retentionDays?: number;
}

/** How long an attempt owns its event and runs unless the consumer says (≥ the consumer's timeout). */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Thrown when a run hit an error that retrying can fix; the event must come back (after `retryAfterS`). */
export class RetryableRunError extends Error {
  override readonly name = 'RetryableRunError';
  constructor(
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** The run id of a rule for one trigger match of an event: stable, so a redelivered event finds its run. */
export function runIdFor(
  eventId: string,
  ruleId: string,
  trigger: string,
  entityId: string | undefined,
): string {
  const digest = createHash('sha256')
    .update([eventId, ruleId, trigger, entityId ?? ''].join('\n'))
    .digest('hex');
  return `run_${digest.slice(0, 24)}`;
}

/** The id of the run `input` describes: a forced replay starts a run of its own. */
export function runIdOf(
  input: Pick<RunRuleInput, 'rule' | 'event' | 'trigger' | 'context' | 'replay'>,
): string {
  const base = runIdFor(input.event.eventId, input.rule.id, input.trigger, input.context.entityId);
  return input.replay?.force ? `${base}_r${input.replay.id}` : base;
}

/**
 * Runs a rule's steps for one event through executeSteps and records the run once it ends; a step that
 * succeeded is checkpointed when another follows. A finished run is never repeated, and a retried run reuses
 * the outputs of steps that already succeeded. Throws RetryableRunError (or RunBusyError) when the event
 * should be delivered again.
 */
export async function runRule(input: RunRuleInput, deps: RunRuleDeps): Promise<Run> {
  const now = deps.now ?? (() => new Date());
  const { rule, event, trigger, context, connection, replay } = input;
  const runId = runIdOf(input);
  const log = deps.log.child({
    runId,
    ruleId: rule.id,
    eventId: event.eventId,
    instanceId: event.instanceId,
  });

  const previous = input.fresh ? undefined : await deps.runs.get(runId);
  // A replay re-runs a failed run once: the same replay delivered twice (SQS may) does not run it again.
  const replayable =
    replay !== undefined &&
    previous?.replayId !== replay.id &&
    (previous?.status === 'failed' || previous?.status === 'needs-attention');
  if (previous && isTerminal(previous) && !replayable) {
    log.info('run already finished; duplicate delivery ignored', { status: previous.status });
    return previous;
  }
  const startedAt = now();
  if (previous?.status === 'running' && (previous.leaseUntil ?? 0) > startedAt.getTime()) {
    throw new RunBusyError(`run ${runId} is in progress elsewhere`);
  }
  const run: Run = {
    runId,
    ruleId: rule.id,
    ruleVersion: rule.version,
    eventId: event.eventId,
    eventType: event.eventType,
    trigger,
    connectionId: connection.id,
    instanceId: connection.instanceId,
    status: 'running',
    attempts: (previous?.attempts ?? 0) + 1,
    ...(replay ? { replayId: replay.id } : {}),
    startedAt: previous?.startedAt ?? startedAt.toISOString(),
    steps: previous?.steps.filter((s) => s.status === 'succeeded') ?? [],
    leaseUntil: startedAt.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS),
    expiresAt: Math.floor(startedAt.getTime() / 1000) + (deps.retentionDays ?? 30) * 86_400,
  };
  if (!input.fresh) await deps.runs.begin(run, previous);
  // Only a settled step is kept: a `started` mark stands for a call in flight, until the step settles.
  const settle = (record?: StepRecord) => {
    run.steps = run.steps.filter((s) => s.status !== 'started');
    if (record) run.steps.push(record);
  };

  // Replaces the values of the rule's secrets in everything recorded or logged; set once they are read.
  let hide: <T>(value: T) => T = (value) => value;
  const finish = async (status: Run['status'], fields: { error?: ErrorRecord; reason?: string } = {}) => {
    const finishedAt = now();
    settle();
    const done: Run = {
      ...run,
      ...hide(fields),
      status,
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      leaseUntil: undefined,
    };
    await deps.runs.save(done);
    log.info(`run ${status}`, {
      status,
      durationMs: done.durationMs,
      ...(fields.error ? { error: fields.error } : {}),
    });
    return done;
  };
  const retryOrFail = async (failure: ErrorRecord) => {
    if (!failure.retryable) return finish('failed', { error: failure });
    await finish('retrying', { error: failure });
    throw new RetryableRunError(failure.message, failure.retryAfterS);
  };

  // The attempt before this one died (its lease ran out) during a step not safe to repeat: that step's call may
  // have taken effect, so this run stops for a human rather than call again (docs/decisions/004).
  const cut = replayable ? undefined : previous?.steps.find((s) => s.status === 'started');
  if (cut) {
    const error: ErrorRecord = {
      message: `rule ${rule.id}: step ${cut.id}: the attempt running it stopped after the step had started, and it is not safe to repeat; check, then replay the event or leave it`,
      retryable: false,
    };
    settle({ ...cut, status: 'failed', error });
    return finish('needs-attention', { error, reason: error.message });
  }

  const executed = await executeSteps<StepCall>({
    rule,
    trigger: context,
    connection,
    ...(deps.ruleSecret ? { ruleSecret: deps.ruleSecret } : {}),
    mode: 'run',
    moduleContext: (step, calls) => ({
      wix: deps.wix((call) => calls.push({ method: call.method, path: call.path, status: call.status })),
      connection,
      catalogVersions: deps.catalogVersions,
      // Loyalty's idempotency key is derived from it: a retried step awards once.
      step: { runId: run.runId, stepId: step.id },
      ...(deps.http === undefined ? {} : { http: deps.http }),
    }),
    finished: (stepId) => {
      const done = run.steps.find((s) => s.id === stepId && s.status === 'succeeded');
      return done && { output: done.output };
    },
    onStarting: async (step, module, stepInput) => {
      const repeatable =
        step.retry?.unknownOutcome === undefined
          ? isIdempotent(module, stepInput)
          : step.retry.unknownOutcome === 'retry';
      if (repeatable) return;
      // One write before a call that must not be made twice: a crash during it leaves the mark for the takeover.
      settle({
        id: step.id,
        module: step.module,
        status: 'started',
        startedAt: now().toISOString(),
        durationMs: 0,
        calls: [],
      });
      await deps.runs.save(run);
    },
    onSucceeded: async (result, after) => {
      settle(stepRecord(result, after.hide));
      // The last step's success is recorded with the run's end; a checkpoint only helps a step that follows.
      if (after.more) await deps.runs.save(run);
    },
    now,
  });
  hide = executed.hide;

  if (executed.secretFailure) {
    const { name, error } = executed.secretFailure;
    return retryOrFail(hide(errorRecord(error, `rule ${rule.id}: secret ${name}`)));
  }
  const missing = executed.missingSecrets[0];
  if (missing !== undefined) {
    return finish('failed', {
      error: {
        message: `rule ${rule.id}: secret ${missing} is not set; set it with \`wixflow secrets set ${missing} --file FILE\`, then replay the event`,
        retryable: false,
      },
    });
  }
  if (executed.filter?.error !== undefined) {
    return finish('failed', { error: hide(errorRecord(executed.filter.error, `rule ${rule.id}: filter`)) });
  }
  if (executed.filter && !executed.filter.passes) {
    return finish('skipped', { reason: `filter was ${JSON.stringify(executed.filter.value ?? null)}` });
  }
  const stopped = executed.steps.find((s) => s.failure);
  if (!stopped?.failure) return finish('succeeded');

  const { step } = stopped;
  const { stage, error } = stopped.failure;
  const where = `rule ${rule.id}: step ${step.id}`;
  // A missing module or an input its schema refuses is the rule's own mistake: retrying cannot help.
  const failure: ErrorRecord = hide(
    stage === 'module' || stage === 'input'
      ? { message: `${where}: ${(error as Error).message}`, retryable: false }
      : errorRecord(error, where),
  );
  if (stage !== 'run' || !stopped.module) {
    settle(stepRecord(stopped, hide, failure));
    return finish('failed', { error: failure });
  }
  const attempt = stepAttempt(previous, step.id, replayable);
  settle(stepRecord(stopped, hide, failure, attempt));
  const next = afterStepFailure({
    where,
    what: stepWhat(step.module, stopped.input),
    retry: step.retry,
    idempotent: isIdempotent(stopped.module, stopped.input),
    error: failure,
    unknownOutcome: error instanceof CallError && error.maybeApplied,
    attempt,
  });
  if (next.status === 'retrying') return retryOrFail(failure);
  return finish(next.status, { error: failure, ...(next.reason ? { reason: next.reason } : {}) });
}

type StepCall = StepRecord['calls'][number];

/**
 * The record of an executed step: succeeded, or failed with `failure` on its `attempts`-th delivery; inputs and
 * outputs redacted.
 */
function stepRecord(
  result: StepResult<StepCall>,
  hide: <T>(value: T) => T,
  failure?: ErrorRecord,
  attempts?: number,
): StepRecord {
  const input = result.input ?? result.rendered;
  return hide({
    id: result.step.id,
    module: result.step.module,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    calls: result.calls,
    ...(failure
      ? {
          status: 'failed' as const,
          ...(input === undefined ? {} : { input: redact(input) }),
          error: failure,
          ...(attempts === undefined ? {} : { attempts }),
        }
      : { status: 'succeeded' as const, input: redact(input), output: redact(result.output) }),
  });
}

function errorRecord(error: unknown, where: string): ErrorRecord {
  if (error instanceof CallError) {
    return {
      message: `${where}: ${error.message}`,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
      retryable: error.retryable,
      ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }),
    };
  }
  if (error instanceof RateLimitWaitError) {
    return { message: `${where}: ${error.message}`, retryable: true, retryAfterS: error.retryAfterS };
  }
  if (error instanceof ExpressionError) {
    return { message: `${where}: expression {{ ${error.expression} }} ${error.message}`, retryable: false };
  }
  // An error that says whether retrying helps is believed; anything else unexpected (a network library
  // error, a store hiccup) is worth another delivery.
  const retryable = (error as { retryable?: unknown }).retryable;
  return {
    message: `${where}: ${(error as Error).message ?? String(error)}`,
    retryable: typeof retryable === 'boolean' ? retryable : true,
  };
}
