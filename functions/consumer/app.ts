import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ProcessEventDeps, processEvent } from '#shared/consumer/process-event.ts';
import { retryDelaySeconds } from '#shared/consumer/retry-delay.ts';
import { QueueMessageSchema } from '#shared/queue/event-queue.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import type { RuleStore } from '#shared/store/rules.ts';

export interface ConsumerDeps extends Omit<ProcessEventDeps, 'rules'> {
  ruleStore: RuleStore;
  /** Holds failed events back with exponential backoff (ChangeMessageVisibility) instead of the queue's fixed timeout. */
  backoff?: { sqs: SQSClient; queueUrl: string; baseDelayS: number };
}

/** The consumer Lambda handler: an SQS batch in, the ids of the records to deliver again out. */
export function createConsumerHandler(deps: ConsumerDeps) {
  const holdBack = async (record: SQSRecord, error: unknown) => {
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
      deps.log.warn('could not set the retry delay', { messageId: record.messageId, error: failure });
    }
  };

  const lambdaHandler = async (batch: SQSEvent): Promise<SQSBatchResponse> => {
    let rules: Promise<StoredRule[]> | undefined;
    const loadRules = () => {
      rules ??= deps.ruleStore.list();
      return rules;
    };
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // One record after another: events of one entity arrive in order and should run in order.
    for (const record of batch.Records) {
      const log = deps.log.child({ messageId: record.messageId });
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
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const { replay, ...event } = parsed.data;
      try {
        await processEvent(event, { ...deps, rules: loadRules, log }, replay);
      } catch (error) {
        log.warn('event will be delivered again', {
          eventId: event.eventId,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error,
        });
        await holdBack(record, error);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  return middy<SQSEvent, SQSBatchResponse>().handler(lambdaHandler);
}
