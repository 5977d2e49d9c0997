import * as z from 'zod';

/** A verified, decoded Wix webhook: what ingest queues and the consumer reads. */
export const WixEventSchema = z.object({
  /** The Wix event id (inner `id`), or for legacy events a hash of the decoded envelope. */
  eventId: z.string().min(1),
  /**
   * `wixflow`: an event wixflow raised itself (a wixflow.run.* alert), its id derived from the run; `change`:
   * a creation, its id derived from the entity it created (`creationEventId`, shared/triggers/change-key.ts).
   */
  eventIdSource: z.enum(['wix', 'hash', 'wixflow', 'change']),
  eventType: z.string().min(1),
  instanceId: z.string(),
  /** Set on events a wixflow automation sent: the one connection whose automation it is (others must not act). */
  connectionId: z.string().min(1).optional(),
  /** `domain`: standardized `{id, entityFqdn, slug, …}` events; `legacy`: flat event-specific objects. */
  generation: z.enum(['domain', 'legacy']),
  /** The decoded inner payload, untouched. */
  data: z.unknown(),
  identity: z.unknown().optional(),
  /** ISO time: the inner `eventTime` where Wix sends one, else when wixflow received it. */
  time: z.string(),
  receivedAt: z.string(),
  /**
   * Where the event came from: wixflow's own back-fill and reconciliation, which query Wix and hand the
   * consumer what they found as a synthetic event; absent for what Wix sent (see `eventSource`).
   */
  source: z.enum(['webhook', 'backfill', 'reconcile']).optional(),
  /** Wix's id (or the legacy hash) of an event whose id is its creation's (`eventIdSource: 'change'`). */
  originalEventId: z.string().min(1).optional(),
  /** A back-filled event runs this one rule only (the rule the user back-filled). */
  ruleId: z.string().min(1).optional(),
});
export type WixEvent = z.infer<typeof WixEventSchema>;

/** Where an event came from: a signed Wix webhook, a wixflow automation's post, back-fill or reconciliation. */
export type EventSource = 'webhook' | 'automation' | 'backfill' | 'reconcile';

export function eventSource(event: Pick<WixEvent, 'source' | 'eventType'>): EventSource {
  if (event.source) return event.source;
  return event.eventType.startsWith('automation:') ? 'automation' : 'webhook';
}
