import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './http-server.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: SqsHandler;
  batchSize?: number;
  waitTimeSeconds?: number;
  /** Batches handled at once, as Lambda runs several consumer instances side by side. */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

/**
 * Feeds SQS batches to a handler as Lambda's event source mapping does: records in Lambda's shape, the
 * successful ones deleted, the `batchItemFailures` left to reappear after the visibility timeout (and reach
 * the DLQ through the queue's redrive policy); a handler that throws fails the whole batch.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const worker = async () => {
    while (running) {
      try {
        await pollOnce(options);
      } catch (error) {
        if (!running) break;
        options.onError?.(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Receives one batch, hands it to the handler, deletes what succeeded. Returns how many messages came. */
export async function pollOnce(options: PollerOptions): Promise<number> {
  const received = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: options.batchSize ?? 10,
      WaitTimeSeconds: options.waitTimeSeconds ?? 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return 0;
  const records = messages.map((m) => toRecord(m, options.queueArn ?? options.queueUrl));
  let failed: Set<string>;
  try {
    const result = await options.handler({ Records: records }, lambdaContext('wixflow-consumer-local'));
    failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    options.onError?.(error);
    failed = new Set(records.map((r) => r.messageId));
  }
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length > 0) {
    await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return messages.length;
}

/** An SQS message as Lambda's event source mapping hands it to a handler. */
export function toRecord(message: Message, eventSourceARN: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        {
          dataType: v.DataType ?? 'String',
          ...(v.StringValue === undefined ? {} : { stringValue: v.StringValue }),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: 'us-east-1',
  };
}
