import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

/** Where verified events wait for the consumer. */
export interface EventQueue {
  send(event: WixEvent): Promise<void>;
}

/** The SQS events queue; the message body is the decoded event as JSON. */
export class SqsEventQueue implements EventQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(event: WixEvent): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: event.eventType },
          instanceId: { DataType: 'String', StringValue: event.instanceId || '-' },
        },
      }),
    );
  }
}
