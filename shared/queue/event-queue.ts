import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { type WixEvent, WixEventSchema } from '#shared/wix/webhook/wix-event.ts';

/** A queued event: the decoded webhook, and for replays who asked and whether to force. */
export const QueueMessageSchema = WixEventSchema.extend({
  replay: z.object({ id: z.string().min(1), force: z.boolean() }).optional(),
});
export type QueueMessage = z.infer<typeof QueueMessageSchema>;

/** Where verified events wait for the consumer. */
export interface EventQueue {
  send(event: WixEvent, replay?: QueueMessage['replay']): Promise<void>;
}

/** The SQS events queue; the message body is the decoded event as JSON. */
export class SqsEventQueue implements EventQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(event: WixEvent, replay?: QueueMessage['replay']): Promise<void> {
    const message: QueueMessage = replay ? { ...event, replay } : event;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: event.eventType },
          instanceId: { DataType: 'String', StringValue: event.instanceId || '-' },
        },
      }),
    );
  }
}
