import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BackfillJob } from '#shared/backfill/backfill.ts';
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

  /** Queues (the rest of) a back-fill job: the consumer tells it from an event by its `backfillJob` key. */
  async sendJob(job: BackfillJob): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ backfillJob: job }) }),
    );
  }

  async send(event: WixEvent, replay?: Replay): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: escapeAstral(JSON.stringify(replay ? { ...event, replay } : event)),
      }),
    );
  }
}

/**
 * Writes characters beyond the Basic Multilingual Plane (emoji in a buyer's gift note) as JSON `\uXXXX` escape
 * pairs: the parsed body is unchanged, and it passes SQS emulators that, unlike SQS, refuse them.
 */
export function escapeAstral(json: string): string {
  const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;
  return json.replace(
    /[\u{10000}-\u{10FFFF}]/gu,
    (char) => hex(char.charCodeAt(0)) + hex(char.charCodeAt(1)),
  );
}
