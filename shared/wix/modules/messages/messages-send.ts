import * as z from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule } from '../action-module.ts';
import { moduleFailure, seg } from '../failures.ts';
import { boolean, id, moduleInput, text } from '../fields.ts';

const CHANNELS = ['CHAT', 'EMAIL', 'SMS', 'FACEBOOK', 'INSTAGRAM', 'WHATSAPP'] as const;

interface Conversation {
  id?: string;
  /** The channels the participant can receive on (Conversations API; `@wix/auto_sdk_inbox_conversations`). */
  channels?: unknown[];
}

/**
 * The conversation's own entry for `channel`, sent as `targetChannelIds` (see docs/wix-assumptions.md: Wix's SDK
 * types `channels[]` as channel types). Throws, not retryable, when the conversation has no such channel.
 */
function channelIdOf(conversation: Conversation, conversationId: string, channel: string): string {
  const channels = (conversation.channels ?? []).map(String);
  const found = channels.find((c) => c === channel);
  if (found !== undefined) return found;
  throw moduleFailure(
    `Inbox conversation ${conversationId} cannot receive ${channel} messages: its channels are ${channels.join(', ') || 'none'}`,
    'CHANNEL_NOT_IN_CONVERSATION',
    { conversationId, channel, channels },
  );
}

/** `GET /inbox/v2/conversations/{id}`: the conversation with its channels. */
async function getConversation(wix: WixApi, conversationId: string): Promise<Conversation> {
  const { body } = await wix.request<{ conversation?: Conversation }>({
    method: 'GET',
    path: `/inbox/v2/conversations/${seg(conversationId)}`,
  });
  return body.conversation ?? {};
}

/**
 * Make's "Send Message": `POST /inbox/v2/messages` (docs/wix-behaviour.md#inbox). Given a `contactId` instead of a
 * conversation, it first gets or creates the contact's conversation (`POST /inbox/v2/conversations`). A named
 * `channel` is resolved to the conversation's channel (read with Get Conversation when only its id is given) and
 * sent as `targetChannelIds`; the deprecated `targetChannels` is never sent.
 */
export const messagesSend = defineModule({
  name: 'messages.send',
  makeModule: 'Send Message',
  description:
    'Sends a text message from the business into an Inbox conversation, on a channel the conversation has when you name one.',
  input: moduleInput({
    conversationId: id('the Inbox conversation’s id (or give contactId)').optional(),
    contactId: id(
      'a contact to message: their conversation is found or started (instead of conversationId)',
    ).optional(),
    text: text('the message text'),
    channel: z
      .enum(CHANNELS, { error: () => `must be one of ${CHANNELS.join(', ')}` })
      .optional()
      .describe(
        `channel to send on, one the conversation has: ${CHANNELS.join(', ')} (default: Wix chooses)`,
      ),
    sendNotifications: boolean('notify the participant (default true)').optional(),
  }).superRefine((input, ctx) => {
    if ((input.conversationId === undefined) === (input.contactId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['conversationId'],
        message: 'give exactly one of conversationId or contactId',
      });
  }),
  output:
    '{ message } — the sent Inbox message, as Wix answers it. Fails (not retried) when the conversation has no such channel.',
  async run(input, { wix }) {
    let conversation: Conversation | undefined;
    if (input.contactId !== undefined) {
      const { body } = await wix.request<{ conversation?: Conversation }>({
        method: 'POST',
        path: '/inbox/v2/conversations',
        body: { participantId: { contactId: input.contactId } },
      });
      conversation = body.conversation ?? {};
    }
    const conversationId = input.conversationId ?? conversation?.id;
    let targetChannelIds: string[] | undefined;
    if (input.channel !== undefined) {
      // Only a given conversationId leaves `conversation` unset here.
      conversation ??= await getConversation(wix, conversationId ?? '');
      targetChannelIds = [channelIdOf(conversation, String(conversationId), input.channel)];
    }
    const { body } = await wix.request({
      method: 'POST',
      path: '/inbox/v2/messages',
      body: {
        conversationId,
        sendNotifications: input.sendNotifications ?? true,
        sendAs: 'CALLER',
        message: {
          direction: 'BUSINESS_TO_PARTICIPANT',
          visibility: 'BUSINESS_AND_PARTICIPANT',
          ...(targetChannelIds === undefined ? {} : { targetChannelIds }),
          content: { previewText: input.text, basic: { items: [{ text: input.text }] } },
        },
      },
    });
    return body;
  },
});
