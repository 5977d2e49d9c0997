import * as z from 'zod';
import { WixEventSchema } from '#shared/wix/webhook/wix-event.ts';

/** A queued event as the consumer reads it: the decoded webhook, and for replays who asked and whether to force. */
export const QueueMessageSchema = WixEventSchema.extend({
  replay: z.object({ id: z.string().min(1), force: z.boolean() }).optional(),
});
export type QueueMessage = z.infer<typeof QueueMessageSchema>;
export type Replay = NonNullable<QueueMessage['replay']>;
