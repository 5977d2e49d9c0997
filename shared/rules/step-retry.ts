import * as z from 'zod';
import type { ErrorRecord, Run } from '#shared/store/runs.ts';

/** The most deliveries a step may ask for; the queue's own limit (maxReceives, default 5) still applies. */
export const MAX_STEP_ATTEMPTS = 20;

/** A step's `retry:` block: how it is retried when it fails in a way retrying can fix. */
export const StepRetrySchema = z.strictObject({
  /**
   * After a lost answer (a 500, 502, 504, a timeout mid-call): `retry` repeats the step although it may have
   * taken effect, `attention` stops the run for a human although repeating is safe. Default: the module's
   * idempotency for the step's input.
   */
  unknownOutcome: z.enum(['retry', 'attention'], { error: () => 'must be retry or attention' }).optional(),
  /** How many deliveries may run this step before the run fails for good. */
  maxAttempts: z
    .number({ error: () => 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_STEP_ATTEMPTS, `must be at most ${MAX_STEP_ATTEMPTS}`)
    .optional(),
});
export type StepRetry = z.infer<typeof StepRetrySchema>;

/** What a run does after one of its steps failed. */
export type AfterStepFailure =
  | { status: 'retrying' }
  | { status: 'needs-attention'; reason: string }
  | { status: 'failed'; reason?: string };

export interface StepFailure {
  /** `rule R: step S`, the prefix of every message about the step. */
  where: string;
  /** What is not safe to repeat, for the reason: the module name, or its method and path. */
  what: string;
  retry: StepRetry | undefined;
  /** Whether the module says running it again with this input is safe. */
  idempotent: boolean;
  error: ErrorRecord;
  /** True when the failed call may have taken effect (WixApiError.maybeApplied). */
  unknownOutcome: boolean;
  /** Which delivery of this step failed (1 = the first). */
  attempt: number;
}

/**
 * Decides how a failed step ends its run: errors retrying cannot fix fail it; a lost answer stops it as
 * `needs-attention` unless repeating is safe (the module's idempotency, or the step's `retry.unknownOutcome`);
 * a step that used its `retry.maxAttempts` fails it; anything else is retried on the next delivery.
 */
export function afterStepFailure(failure: StepFailure): AfterStepFailure {
  const { where, what, retry, error, attempt } = failure;
  if (!error.retryable) return { status: 'failed' };
  if (failure.unknownOutcome) {
    const repeat =
      retry?.unknownOutcome === undefined ? failure.idempotent : retry.unknownOutcome === 'retry';
    if (!repeat) {
      const why =
        retry?.unknownOutcome === 'attention'
          ? 'the step asks for attention (retry.unknownOutcome: attention)'
          : `${what} is not safe to repeat`;
      // Wix may have done it already: repeating it could do it twice.
      return {
        status: 'needs-attention',
        reason: `${where}: the outcome is unknown (${error.message}) and ${why}; check, then replay the event or leave it`,
      };
    }
  }
  if (retry?.maxAttempts !== undefined && attempt >= retry.maxAttempts) {
    return {
      status: 'failed',
      reason: `${where}: gave up after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'} (retry.maxAttempts: ${retry.maxAttempts})`,
    };
  }
  return { status: 'retrying' };
}

/**
 * Which delivery of step `stepId` this attempt of a run is: one more than the failed record the previous
 * attempt left, counting from 1 again when the user replays the run.
 */
export function stepAttempt(previous: Run | undefined, stepId: string, replayed: boolean): number {
  if (replayed) return 1;
  const failed = previous?.steps.find((s) => s.id === stepId && s.status === 'failed');
  return failed === undefined ? 1 : (failed.attempts ?? 1) + 1;
}

/** How a reason names a step: its module, and the method when the input has one (`wix.apiCall POST`). */
export function stepWhat(module: string, input: unknown): string {
  const method = (input as { method?: unknown } | null)?.method;
  return typeof method === 'string' ? `${module} ${method}` : module;
}
