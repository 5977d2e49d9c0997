import * as z from 'zod';

/** A verified, decoded Wix webhook: what ingest queues and the consumer reads. */
export const WixEventSchema = z.object({
  /** The Wix event id (inner `id`), or for legacy events a hash of the decoded envelope. */
  eventId: z.string().min(1),
  eventIdSource: z.enum(['wix', 'hash']),
  eventType: z.string().min(1),
  instanceId: z.string(),
  /** `domain`: standardized `{id, entityFqdn, slug, …}` events; `legacy`: flat event-specific objects. */
  generation: z.enum(['domain', 'legacy']),
  /** The decoded inner payload, untouched. */
  data: z.unknown(),
  identity: z.unknown().optional(),
  /** ISO time: the inner `eventTime` where Wix sends one, else when wixflow received it. */
  time: z.string(),
  receivedAt: z.string(),
  /**
   * Where the event came from: a signed Wix webhook (absent means `webhook`), or wixflow's own back-fill and
   * reconciliation, which query Wix and hand the consumer what they found as a synthetic event.
   */
  source: z.enum(['webhook', 'backfill', 'reconcile']).optional(),
  /** A back-filled event runs this one rule only (the rule the user back-filled). */
  ruleId: z.string().min(1).optional(),
});
export type WixEvent = z.infer<typeof WixEventSchema>;
