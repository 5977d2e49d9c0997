import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type ProcessEventDeps, processEvent } from '#shared/consumer/process-event.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import { WixEventSchema } from '#shared/wix/webhook/wix-event.ts';

export interface ConsumerDeps extends Omit<ProcessEventDeps, 'rules'> {
  ruleStore: RuleStore;
}

/** The consumer Lambda handler: an SQS batch in, the ids of the records to deliver again out. */
export function createConsumerHandler(deps: ConsumerDeps) {
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
      const parsed = WixEventSchema.safeParse(json);
      if (!parsed.success) {
        log.error('queue message is not a wixflow event; it will reach the DLQ', {
          issues: parsed.error.issues,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      try {
        await processEvent(parsed.data, { ...deps, rules: loadRules, log });
      } catch (error) {
        log.warn('event will be delivered again', { eventId: parsed.data.eventId, error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  return middy<SQSEvent, SQSBatchResponse>().handler(lambdaHandler);
}
