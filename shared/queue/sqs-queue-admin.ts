import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { SqsEventQueue } from './event-queue.ts';
import type { QueueAdmin } from './queue-admin.ts';

/**
 * The deployed queues through the user's own AWS credentials: replays are sent to the events queue, and the
 * DLQ is moved back with SQS's StartMessageMoveTask, followed until it completes.
 */
export function sqsQueueAdmin(
  sqs: SQSClient,
  queues: { queueUrl: string; dlqUrl: string },
  options: { pollMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): QueueAdmin {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const arnOf = async (url: string) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    const arn = out.Attributes?.QueueArn;
    if (!arn) throw new Error(`no ARN for queue ${url}`);
    return arn;
  };
  return {
    send: (event, replay) => new SqsEventQueue(sqs, queues.queueUrl).send(event, replay),
    sendJob: (job) => new SqsEventQueue(sqs, queues.queueUrl).sendJob(job),
    depth: () => queueDepths(sqs, queues),
    async redriveDlq(onProgress) {
      const [sourceArn, destinationArn] = await Promise.all([arnOf(queues.dlqUrl), arnOf(queues.queueUrl)]);
      await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
      );
      for (;;) {
        const tasks = await sqs.send(
          new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }),
        );
        const task = tasks.Results?.[0];
        const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
        onProgress?.(moved);
        if (!task || task.Status === 'COMPLETED') return moved;
        if (task.Status === 'FAILED' || task.Status === 'CANCELLED') {
          throw new Error(
            `the DLQ move task ${task.Status?.toLowerCase()}: ${task.FailureReason ?? 'no reason given'}`,
          );
        }
        await sleep(options.pollMs ?? 2000);
      }
    },
    close: () => undefined,
  };
}

/** The approximate number of messages in the events queue and its DLQ (visible, in flight and delayed). */
export async function queueDepths(
  sqs: SQSClient,
  queues: { queueUrl: string; dlqUrl: string },
): Promise<{ queue: number; dlq: number }> {
  const count = async (url: string) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const a = out.Attributes ?? {};
    return (
      Number(a.ApproximateNumberOfMessages ?? 0) +
      Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };
  const [queue, dlq] = await Promise.all([count(queues.queueUrl), count(queues.dlqUrl)]);
  return { queue, dlq };
}
