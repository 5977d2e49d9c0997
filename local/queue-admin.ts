import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import type { QueueAdmin } from '#shared/queue/queue-admin.ts';
import { queueDepths } from '#shared/queue/sqs-queue-admin.ts';
import { localSqsClient } from './emulators.ts';
import type { Endpoints } from './endpoints.ts';

/** The running local stack's queues (fauxqs); the equivalent of SQS StartMessageMoveTask for the DLQ. */
export function localQueueAdmin(endpoints: Endpoints): QueueAdmin {
  const sqs = localSqsClient(endpoints.sqs.endpoint);
  const queue = new SqsEventQueue(sqs, endpoints.sqs.queueUrl);
  return {
    send: (event, replay) => queue.send(event, replay),
    sendJob: (job) => queue.sendJob(job),
    depth: () => queueDepths(sqs, endpoints.sqs),
    async redriveDlq(onProgress) {
      let moved = 0;
      for (;;) {
        const batch = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: endpoints.sqs.dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            VisibilityTimeout: 60,
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = batch.Messages ?? [];
        if (messages.length === 0) return moved;
        for (const message of messages) {
          // Send first, delete after: a crash in between duplicates a message (deduped downstream), never loses one.
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: endpoints.sqs.queueUrl,
              MessageBody: message.Body ?? '',
              MessageAttributes: message.MessageAttributes,
            }),
          );
          await sqs.send(
            new DeleteMessageCommand({
              QueueUrl: endpoints.sqs.dlqUrl,
              ReceiptHandle: message.ReceiptHandle,
            }),
          );
          moved += 1;
          onProgress?.(moved);
        }
      }
    },
    close: () => sqs.destroy(),
  };
}
