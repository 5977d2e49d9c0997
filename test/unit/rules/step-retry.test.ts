import { describe, expect, it } from 'vitest';
import { afterStepFailure, type StepFailure, stepAttempt } from '#shared/rules/step-retry.ts';
import type { Run } from '#shared/store/runs.ts';

const failure = (fields: Partial<StepFailure>): StepFailure => ({
  where: 'rule r: step s',
  what: 'wix.apiCall POST',
  retry: undefined,
  idempotent: false,
  error: { message: 'rule r: step s: Wix answered 500', status: 500, retryable: true },
  unknownOutcome: true,
  attempt: 1,
  ...fields,
});

describe('afterStepFailure', () => {
  it('fails the run for an error retrying cannot fix, whatever the step asks', () => {
    const error = { message: 'Wix answered 400', status: 400, retryable: false };

    expect(afterStepFailure(failure({ error, retry: { unknownOutcome: 'retry', maxAttempts: 5 } }))).toEqual({
      status: 'failed',
    });
  });

  it('retries an unknown outcome of a step safe to repeat, and stops one that is not', () => {
    expect(afterStepFailure(failure({ idempotent: true }))).toEqual({ status: 'retrying' });
    expect(afterStepFailure(failure({ idempotent: false }))).toMatchObject({
      status: 'needs-attention',
      reason: expect.stringContaining('wix.apiCall POST is not safe to repeat'),
    });
  });

  it('lets the step override the module both ways', () => {
    expect(afterStepFailure(failure({ retry: { unknownOutcome: 'retry' } })).status).toBe('retrying');
    expect(
      afterStepFailure(failure({ idempotent: true, retry: { unknownOutcome: 'attention' } })),
    ).toMatchObject({
      status: 'needs-attention',
      reason: expect.stringContaining('retry.unknownOutcome: attention'),
    });
  });

  it('retries a failure known not to have been applied (503) even for a step not safe to repeat', () => {
    const error = { message: 'Wix answered 503', status: 503, retryable: true };

    expect(afterStepFailure(failure({ error, unknownOutcome: false })).status).toBe('retrying');
  });

  it('gives up once the step failed retry.maxAttempts deliveries', () => {
    const retry = { maxAttempts: 3 };

    expect(afterStepFailure(failure({ idempotent: true, retry, attempt: 2 })).status).toBe('retrying');
    expect(afterStepFailure(failure({ idempotent: true, retry, attempt: 3 }))).toEqual({
      status: 'failed',
      reason: 'rule r: step s: gave up after 3 attempts (retry.maxAttempts: 3)',
    });
  });
});

describe('stepAttempt', () => {
  const previous = {
    steps: [
      { id: 'a', status: 'succeeded' },
      { id: 'b', status: 'failed', attempts: 2 },
      { id: 'c', status: 'failed' },
    ],
  } as unknown as Run;

  it('counts one more than the failed record the previous attempt left, from 1 after a replay', () => {
    expect(stepAttempt(undefined, 'b', false)).toBe(1);
    expect(stepAttempt(previous, 'a', false)).toBe(1);
    expect(stepAttempt(previous, 'b', false)).toBe(3);
    expect(stepAttempt(previous, 'c', false)).toBe(2);
    expect(stepAttempt(previous, 'b', true)).toBe(1);
  });
});
