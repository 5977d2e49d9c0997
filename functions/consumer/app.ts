import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ProcessEventDeps, processEvent } from '#shared/consumer/process-event.ts';
import { retryDelaySeconds } from '#shared/consumer/retry-delay.ts';
import { createRunAlerts, type RunAlertsOptions } from '#shared/consumer/run-alerts.ts';
import { invocationLogger } from '#shared/observability/correlation.ts';
import { createMetrics, METRIC, type Metrics, wixStatusClass } from '#shared/observability/metrics.ts';
import { QueueMessageSchema } from '#shared/queue/queue-message.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import type { RunStore } from '#shared/store/runs.ts';

export interface ConsumerDeps extends Omit<ProcessEventDeps, 'rules' | 'alerts'> {
  ruleStore: RuleStore;
  /** Where failure alerts (wixflow.run.* events) are queued: the events queue itself. @default no alerts */
  alerting?: Omit<RunAlertsOptions, 'log' | 'onOutcome'>;
  /** Holds failed events back with exponential backoff (ChangeMessageVisibility) instead of the queue's fixed timeout. */
  backoff?: { sqs: SQSClient; queueUrl: string; baseDelayS: number };
  /** Flushed after every batch. @default EMF lines through `log`, stage `local` */
  metrics?: Metrics;
}

/** The consumer Lambda handler: an SQS batch in, the ids of the records to deliver again out. */
export function createConsumerHandler(consumerDeps: ConsumerDeps) {
  const metrics = consumerDeps.metrics ?? createMetrics(consumerDeps.log, { dimensions: { Stage: 'local' } });
  const { alerting, ...rest } = consumerDeps;
  const deps: Omit<ConsumerDeps, 'alerting'> & Pick<ProcessEventDeps, 'alerts'> = {
    ...rest,
    ...(alerting
      ? {
          alerts: createRunAlerts({
            ...alerting,
            log: consumerDeps.log,
            onOutcome: (outcome) => metrics.count(METRIC.runAlerts, 1, { Outcome: outcome }),
          }),
        }
      : {}),
    runs: countedRuns(consumerDeps.runs, metrics),
    wixFor: (connection, onCall) =>
      consumerDeps.wixFor(connection, (call) => {
        metrics.count(METRIC.wixCalls, 1, { StatusClass: wixStatusClass(call.status) });
        onCall(call);
      }),
  };
  const holdBack = async (record: SQSRecord, error: unknown, log: ConsumerDeps['log']) => {
    if (!deps.backoff) return;
    const delay = retryDelaySeconds({
      baseS: deps.backoff.baseDelayS,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      ...(error instanceof RetryableRunError && error.retryAfterS !== undefined
        ? { retryAfterS: error.retryAfterS }
        : {}),
    });
    try {
      await deps.backoff.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: deps.backoff.queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: delay,
        }),
      );
    } catch (failure) {
      // The queue's own visibility timeout still brings the event back.
      log.warn('could not set the retry delay', { error: failure });
    }
  };

  const lambdaHandler = async (batch: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    try {
      return await processBatch(batch, invocationLogger(deps.log, context));
    } finally {
      metrics.flush();
    }
  };

  const processBatch = async (batch: SQSEvent, batchLog: ConsumerDeps['log']): Promise<SQSBatchResponse> => {
    let rules: Promise<StoredRule[]> | undefined;
    const loadRules = () => {
      rules ??= deps.ruleStore.list();
      return rules;
    };
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // One record after another: events of one entity arrive in order and should run in order.
    for (const record of batch.Records) {
      const log = batchLog.child({ messageId: record.messageId });
      let json: unknown;
      try {
        json = JSON.parse(record.body);
      } catch {
        json = undefined;
      }
      const parsed = QueueMessageSchema.safeParse(json);
      if (!parsed.success) {
        log.error('queue message is not a wixflow event; it will reach the DLQ', {
          issues: parsed.error.issues,
        });
        metrics.count(METRIC.eventsProcessed, 1, { Outcome: 'malformed' });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const { replay, ...event } = parsed.data;
      try {
        const outcome = await processEvent(event, { ...deps, rules: loadRules, log }, replay);
        metrics.count(METRIC.eventsProcessed, 1, { Outcome: outcome.status });
      } catch (error) {
        metrics.count(METRIC.eventsProcessed, 1, { Outcome: 'retried' });
        log.warn('event will be delivered again', {
          eventId: event.eventId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error,
        });
        await holdBack(record, error, log);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  return middy<SQSEvent, SQSBatchResponse>().handler(lambdaHandler);
}

/** A run store that counts each attempt's end by its status (`running` saves are checkpoints, not ends). */
function countedRuns(runs: RunStore, metrics: Metrics): RunStore {
  return {
    get: (runId) => runs.get(runId),
    begin: (next, previous) => runs.begin(next, previous),
    list: (options) => runs.list(options),
    save: async (run) => {
      await runs.save(run);
      if (run.status !== 'running') metrics.count(METRIC.runs, 1, { Status: run.status });
    },
  };
}
