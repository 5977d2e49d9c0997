import type { BackfillJob } from '#shared/backfill/backfill.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { Replay } from './queue-message.ts';

/** What the CLI does to the queues: queue an event for replay, move the dead-letter queue back. */
export interface QueueAdmin {
  send(event: WixEvent, replay: Replay): Promise<void>;
  /** Queues a back-fill job for the consumer. */
  sendJob(job: BackfillJob): Promise<void>;
  /** Moves every dead-lettered message back to the events queue; resolves how many moved. */
  redriveDlq(onProgress?: (moved: number) => void): Promise<number>;
  /** Approximate numbers of messages waiting in the events queue and in its dead-letter queue. */
  depth(): Promise<{ queue: number; dlq: number }>;
  close(): void;
}
