import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { Replay } from './queue-message.ts';

/** Where verified events wait for the consumer. */
export interface EventQueue {
  send(event: WixEvent, replay?: Replay): Promise<void>;
}

/**
 * The SQS events queue; the message body is the decoded event as JSON (schema: queue-message.ts, which the
 * ingest bundle leaves out to stay small).
 */
export class SqsEventQueue implements EventQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(event: WixEvent, replay?: Replay): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(replay ? { ...event, replay } : event),
      }),
    );
  }
}
