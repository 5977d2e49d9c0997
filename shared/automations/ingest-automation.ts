import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { MAX_WEBHOOK_BYTES } from '#shared/wix/webhook/verify.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { automationEvent } from './automation-event.ts';
import { type AutomationTokenLookup, hashAutomationToken, isWellFormedToken } from './automation-tokens.ts';

export interface AutomationIntakeDeps {
  tokens: AutomationTokenLookup;
  queue: EventQueue;
  log: Logger;
  now?: () => Date;
}

/**
 * Takes one request of a wixflow automation's webhook action: the URL token is the only authentication (the
 * action cannot sign or set headers), so an unknown or retired token is refused before the body is even read.
 * Resolves once the event is durably queued. Throws HttpError 401 (token), 413 (over 200 KiB), 400 (not a JSON
 * object) or 503
 * (queue); the token never reaches a log line or an error message.
 */
export async function ingestAutomationWebhook(
  token: string,
  rawBody: string,
  deps: AutomationIntakeDeps,
): Promise<WixEvent> {
  const unknown = new HttpError(401, 'unknown or retired automation URL', 'unknown_token');
  if (!isWellFormedToken(token)) throw unknown;
  const target = await deps.tokens.findToken(hashAutomationToken(token));
  if (!target) throw unknown;
  // The same bound as Wix webhooks: a queued event must fit an SQS message with room for the envelope.
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) {
    throw new HttpError(413, `the body exceeds ${MAX_WEBHOOK_BYTES} bytes`, 'body_too_large');
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new HttpError(400, 'the body is not JSON', 'bad_body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'the body is not a JSON object', 'bad_body');
  }
  const event = automationEvent(body as Record<string, unknown>, target, deps.now?.() ?? new Date());
  try {
    await deps.queue.send(event);
  } catch (error) {
    deps.log.error('could not queue an automation webhook', { eventId: event.eventId, error });
    throw new HttpError(503, 'the event could not be queued; try again', 'queue_unavailable');
  }
  deps.log.info('automation webhook accepted', {
    eventId: event.eventId,
    eventType: event.eventType,
    instanceId: event.instanceId,
    connectionId: target.connectionId,
  });
  return event;
}
