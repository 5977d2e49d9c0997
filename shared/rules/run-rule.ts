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
import type { OutsideHttp } from '#shared/wix/modules/outside-http.ts';
import { getModule } from '#shared/wix/modules/registry.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { ExpressionError, evaluateExpression, renderTemplate } from './expressions.ts';
import type { StoredRule } from './rule-schema.ts';
import { secretHider, secretNames } from './rule-secrets-use.ts';

export interface RunRuleInput {
  rule: StoredRule;
  event: WixEvent;
  trigger: string;
  context: TriggerContext;
  connection: { id: string; instanceId: string };
  /** Set when the user replays the event: failed runs are tried again; `force` starts a fresh run. */
  replay?: { id: string; force: boolean };
}

export interface RunRuleDeps {
  runs: RunStore;
  /** The Wix client for this run's connection; `onCall` records each call in the step. */
  wix: (onCall: (call: WixCall) => void) => WixApi;
  /** Calls outside Wix (`http.request`); @default the process's default client (loopback allowed) */
  http?: OutsideHttp;
  /** The value of the rule secret `name` (`{{ secrets.NAME }}`), undefined when it is not set. */
  ruleSecret?: (name: string) => Promise<string | undefined>;
  log: Logger;
  now?: () => Date;
  /** How long an attempt owns the run before another may take over (≥ the consumer's timeout). */
  leaseMs?: number;
  /** How long run records are kept. */
  retentionDays?: number;
}

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

/**
 * Runs a rule's steps for one event, checkpointing each step: a finished run is never repeated, and a
 * retried run reuses the outputs of steps that already succeeded. Throws RetryableRunError (or RunBusyError)
 * when the event should be delivered again.
 */
export async function runRule(input: RunRuleInput, deps: RunRuleDeps): Promise<Run> {
  const now = deps.now ?? (() => new Date());
  const { rule, event, trigger, context, connection, replay } = input;
  const baseRunId = runIdFor(event.eventId, rule.id, trigger, context.entityId);
  const runId = replay?.force ? `${baseRunId}_r${replay.id}` : baseRunId;
  const log = deps.log.child({
    runId,
    ruleId: rule.id,
    eventId: event.eventId,
    instanceId: event.instanceId,
  });

  const previous = await deps.runs.get(runId);
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
    leaseUntil: startedAt.getTime() + (deps.leaseMs ?? 5 * 60_000),
    expiresAt: Math.floor(startedAt.getTime() / 1000) + (deps.retentionDays ?? 30) * 86_400,
  };
  await deps.runs.begin(run, previous);

  // Replaces the values of the rule's secrets in everything recorded or logged; set once they are read.
  let hide: <T>(value: T) => T = (value) => value;
  const failureOf = (error: unknown, where: string) => hide(errorRecord(error, where));
  const finish = async (status: Run['status'], fields: { error?: ErrorRecord; reason?: string } = {}) => {
    const finishedAt = now();
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

  const scope: {
    trigger: TriggerContext;
    steps: Record<string, unknown>;
    connection: typeof connection;
    secrets: Record<string, string>;
  } = { trigger: context, steps: {}, connection, secrets: {} };

  for (const name of secretNames(rule)) {
    let value: string | undefined;
    try {
      value = deps.ruleSecret ? await deps.ruleSecret(name) : undefined;
    } catch (error) {
      const failure = failureOf(error, `rule ${rule.id}: secret ${name}`);
      if (!failure.retryable) return finish('failed', { error: failure });
      await finish('retrying', { error: failure });
      throw new RetryableRunError(failure.message, failure.retryAfterS);
    }
    if (value === undefined) {
      return finish('failed', {
        error: {
          message: `rule ${rule.id}: secret ${name} is not set; set it with \`wixflow secrets set ${name} --file FILE\`, then replay the event`,
          retryable: false,
        },
      });
    }
    scope.secrets[name] = value;
  }
  hide = secretHider(scope.secrets);

  if (rule.filter) {
    let pass: unknown;
    try {
      pass = await evaluateExpression(rule.filter, scope);
    } catch (error) {
      return finish('failed', { error: failureOf(error, `rule ${rule.id}: filter`) });
    }
    if (!pass) return finish('skipped', { reason: `filter was ${JSON.stringify(pass ?? null)}` });
  }

  for (const step of rule.actions) {
    const done = run.steps.find((s) => s.id === step.id && s.status === 'succeeded');
    if (done) {
      scope.steps[step.id] = done.output;
      continue;
    }
    const stepStarted = now();
    const calls: StepRecord['calls'] = [];
    const record = (fields: Partial<StepRecord> & Pick<StepRecord, 'status'>): StepRecord =>
      hide({
        id: step.id,
        module: step.module,
        startedAt: stepStarted.toISOString(),
        durationMs: now().getTime() - stepStarted.getTime(),
        calls,
        ...fields,
      });
    const where = `rule ${rule.id}: step ${step.id}`;
    const module = getModule(step.module);
    if (!module) {
      run.steps.push(
        record({ status: 'failed', error: { message: `unknown module ${step.module}`, retryable: false } }),
      );
      return finish('failed', {
        error: { message: `${where}: unknown module ${step.module}`, retryable: false },
      });
    }
    let rendered: unknown;
    try {
      rendered = await renderTemplate(step.input, scope);
    } catch (error) {
      const failure = failureOf(error, where);
      run.steps.push(record({ status: 'failed', error: failure }));
      return finish('failed', { error: failure });
    }
    const parsed = module.input.safeParse(rendered);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `input.${i.path.join('.')}: ${i.message}`).join('; ');
      const failure = hide({ message: `${where}: ${problems}`, retryable: false });
      run.steps.push(record({ status: 'failed', input: redact(rendered), error: failure }));
      return finish('failed', { error: failure });
    }
    try {
      const wix = deps.wix((call) =>
        calls.push({ method: call.method, path: call.path, status: call.status }),
      );
      const output = await module.run(parsed.data, {
        wix,
        connection,
        ...(deps.http === undefined ? {} : { http: deps.http }),
      });
      run.steps.push(record({ status: 'succeeded', input: redact(parsed.data), output: redact(output) }));
      scope.steps[step.id] = output;
      await deps.runs.save(run);
    } catch (error) {
      const failure = failureOf(error, where);
      run.steps.push(record({ status: 'failed', input: redact(parsed.data), error: failure }));
      if (failure.retryable && error instanceof CallError && error.maybeApplied && !module.idempotent) {
        // Wix may have done it already: repeating a non-idempotent step could do it twice.
        const reason = `${where}: the outcome is unknown (${failure.message}) and ${step.module} is not safe to repeat; check Wix, then replay the event or leave it`;
        return finish('needs-attention', { error: failure, reason });
      }
      if (failure.retryable) {
        await finish('retrying', { error: failure });
        throw new RetryableRunError(failure.message, failure.retryAfterS);
      }
      return finish('failed', { error: failure });
    }
  }
  return finish('succeeded');
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
