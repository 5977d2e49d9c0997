import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * Runs `handle` on each record of an SQS batch, one after another (events of one entity arrive in order and
 * should run in order). A record whose handler throws is reported for redelivery; the rest are deleted.
 * Never throws: the handler owns logging and counting its failures.
 */
export async function processPartialBatch(
  records: readonly SQSRecord[],
  handle: (record: SQSRecord) => Promise<unknown>,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of records) {
    try {
      await handle(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
