import * as z from 'zod';

/** A verified, decoded Wix webhook: what ingest queues and the consumer reads. */
export const WixEventSchema = z.object({
  /** The Wix event id (inner `id`), or for legacy events a hash of the decoded envelope. */
  eventId: z.string().min(1),
  /** `wixflow`: an event wixflow raised itself (a wixflow.run.* alert), its id derived from the run. */
  eventIdSource: z.enum(['wix', 'hash', 'wixflow']),
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
});
export type WixEvent = z.infer<typeof WixEventSchema>;
