import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { type BackfillJobDeps, BackfillJobSchema, runBackfillJob } from '#shared/backfill/backfill.ts';
import type { Logger } from '#shared/log.ts';
import { METRIC, type Metrics } from '#shared/observability/metrics.ts';
import { QueueMessageSchema } from '#shared/queue/queue-message.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import { RunBusyError } from '#shared/store/runs.ts';
import { type EventOutcome, type ProcessEventDeps, processEvent } from './process-event.ts';
import { retryDelaySeconds } from './retry-delay.ts';

/** Holds a failed event back with exponential backoff (ChangeMessageVisibility) instead of the queue's fixed timeout. */
export interface Backoff {
  sqs: SQSClient;
  queueUrl: string;
  baseDelayS: number;
}

export interface RecordDeps extends ProcessEventDeps {
  /** Absent: a failed event comes back after the queue's own visibility timeout. */
  backoff?: Backoff;
  metrics: Metrics;
  /** What back-fill jobs on the queue need; absent, a job message is malformed. */
  backfill?: Omit<BackfillJobDeps, 'rules' | 'hasTime' | 'log'>;
  /** The invocation's time left (Lambda's `getRemainingTimeInMillis`), so a long job hands on in time. */
  remainingMs?: () => number;
  /** One reconciliation sweep, for the schedule's `{reconcileSweep: {}}` message; absent, reconciliation is off. */
  sweep?: () => Promise<unknown>;
}

/** A back-fill job stops starting pages when the invocation has less than this left. */
const JOB_RESERVE_MS = 20_000;

/** A queue message that is not a wixflow event: redelivering it cannot help, it is on its way to the DLQ. */
export class MalformedRecordError extends Error {
  override readonly name = 'MalformedRecordError';
}

/**
 * Acts on one queued event: parses and validates the message, runs `processEvent` and counts the outcome.
 * Throws when the record must be delivered again: MalformedRecordError for a message that is not a
 * wixflow event; processEvent's error for a failed run, after holding the message back by its retry delay.
 */
export async function processRecord(record: SQSRecord, deps: RecordDeps): Promise<EventOutcome['status']> {
  const log = deps.log.child({ messageId: record.messageId });
  if (isSweepRequest(record.body)) {
    // The schedule's tick. A failed sweep is not retried: the next tick covers the same window.
    if (deps.sweep)
      await deps.sweep().catch((error: unknown) => log.warn('reconciliation sweep failed', { error }));
    else log.info('reconciliation is off; the sweep request is dropped');
    return 'done';
  }
  const job = parseJob(record.body);
  if (job && deps.backfill) {
    try {
      const started = Date.now();
      await runBackfillJob(job, {
        ...deps.backfill,
        rules: deps.rules,
        // Without Lambda's clock (tests), a job takes at most a minute per delivery.
        hasTime: () => (deps.remainingMs?.() ?? 60_000 - (Date.now() - started)) > JOB_RESERVE_MS,
        log,
      });
      return 'done';
    } catch (error) {
      log.warn('back-fill job will be delivered again', { jobId: job.jobId, error });
      if (deps.backoff) await holdBack(record, error, deps.backoff, log);
      throw error;
    }
  }
  const message = parseMessage(record.body);
  if (!message.success) {
    log.error('queue message is not a wixflow event; it will reach the DLQ', { issues: message.issues });
    deps.metrics.count(METRIC.eventsProcessed, 1, { Outcome: 'malformed' });
    throw new MalformedRecordError(`message ${record.messageId} is not a wixflow event`);
  }
  const { replay, ...event } = message.data;
  try {
    const outcome = await processEvent(event, { ...deps, log }, replay);
    deps.metrics.count(METRIC.eventsProcessed, 1, { Outcome: outcome.status });
    return outcome.status;
  } catch (error) {
    deps.metrics.count(METRIC.eventsProcessed, 1, { Outcome: 'retried' });
    log.warn('event will be delivered again', {
      eventId: event.eventId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      error,
    });
    if (deps.backoff) await holdBack(record, error, deps.backoff, log);
    throw error;
  }
}

/** Whether the message is the reconciliation schedule's `{"reconcileSweep": {}}`. */
function isSweepRequest(body: string): boolean {
  try {
    const json = JSON.parse(body) as unknown;
    return typeof json === 'object' && json !== null && 'reconcileSweep' in json;
  } catch {
    return false;
  }
}

/** The back-fill job a message carries (`{backfillJob: …}`), or undefined for an event or anything else. */
function parseJob(body: string) {
  try {
    const json = JSON.parse(body) as { backfillJob?: unknown };
    if (json === null || typeof json !== 'object' || !('backfillJob' in json)) return undefined;
    const parsed = BackfillJobSchema.safeParse(json.backfillJob);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function parseMessage(body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false as const, issues: [{ message: 'the body is not JSON' }] };
  }
  const parsed = QueueMessageSchema.safeParse(json);
  return parsed.success
    ? { success: true as const, data: parsed.data }
    : { success: false as const, issues: parsed.error.issues };
}

/** Sets the record's next delivery `retryDelaySeconds` away; a failure to do so is only logged. */
async function holdBack(record: SQSRecord, error: unknown, backoff: Backoff, log: Logger): Promise<void> {
  const delay = retryDelaySeconds({
    baseS: backoff.baseDelayS,
    receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    // Wix's Retry-After, or the lease left on an event another attempt holds (one that may have died with it).
    ...((error instanceof RetryableRunError || error instanceof RunBusyError) &&
    error.retryAfterS !== undefined
      ? { retryAfterS: error.retryAfterS }
      : {}),
  });
  try {
    await backoff.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: backoff.queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: delay,
      }),
    );
  } catch (failure) {
    // The queue's own visibility timeout still brings the event back.
    log.warn('could not set the retry delay', { error: failure });
  }
}
