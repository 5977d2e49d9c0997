import type { KeyObject } from 'node:crypto';
import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { verifyWixWebhook } from '#shared/wix/webhook/verify.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

export interface IngestDeps {
  publicKey: KeyObject;
  queue: EventQueue;
  log: Logger;
  now?: () => Date;
}

/**
 * Verifies a raw webhook body and queues the decoded event. Resolves only once the event is durably queued.
 * Throws HttpError 401/400/413 for bad input (nothing queued) and 503 when the queue cannot be reached.
 */
export async function ingestWebhook(rawBody: string, deps: IngestDeps): Promise<WixEvent> {
  const event = verifyWixWebhook(rawBody, deps.publicKey, { now: deps.now?.() ?? new Date() });
  try {
    await deps.queue.send(event);
  } catch (error) {
    deps.log.error('could not queue a verified webhook', { eventId: event.eventId, error });
    throw new HttpError(503, 'the event could not be queued; Wix will retry', 'queue_unavailable');
  }
  deps.log.info('webhook accepted', {
    eventId: event.eventId,
    // A creation is logged under its change's id: Wix's own id beside it, for finding it in Wix's logs.
    ...(event.originalEventId === undefined ? {} : { wixEventId: event.originalEventId }),
    eventType: event.eventType,
    instanceId: event.instanceId,
  });
  return event;
}
