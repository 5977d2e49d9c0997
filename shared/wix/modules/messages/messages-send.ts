import * as z from 'zod';
import { defineModule } from '../action-module.ts';
import { boolean, id, moduleInput, text } from '../fields.ts';

const CHANNELS = ['CHAT', 'EMAIL', 'SMS', 'FACEBOOK', 'INSTAGRAM', 'WHATSAPP'] as const;

/**
 * Make's "Send Message" on Inbox v2: `POST /inbox/v2/messages` (wix-api.md §4.8). Given a `contactId`
 * instead of a conversation, it first gets or creates the contact's conversation (`POST /inbox/v2/conversations`).
 */
export const messagesSend = defineModule({
  name: 'messages.send',
  makeModule: 'Send Message',
  description: 'Sends a text message from the business into an Inbox conversation.',
  input: moduleInput({
    conversationId: id('the Inbox conversation’s id (or give contactId)').optional(),
    contactId: id(
      'a contact to message: their conversation is found or started (instead of conversationId)',
    ).optional(),
    text: text('the message text'),
    channel: z
      .enum(CHANNELS, { error: () => `must be one of ${CHANNELS.join(', ')}` })
      .optional()
      .describe(`channel to send on: ${CHANNELS.join(', ')} (default CHAT)`),
    sendNotifications: boolean('notify the participant (default true)').optional(),
  }).superRefine((input, ctx) => {
    if ((input.conversationId === undefined) === (input.contactId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['conversationId'],
        message: 'give exactly one of conversationId or contactId',
      });
  }),
  output: '{ message } — the sent Inbox message, as Wix answers it.',
  async run(input, { wix }) {
    let conversationId = input.conversationId;
    if (conversationId === undefined) {
      const { body } = await wix.request<{ conversation?: { id?: string } }>({
        method: 'POST',
        path: '/inbox/v2/conversations',
        body: { participantId: { contactId: input.contactId } },
      });
      conversationId = body.conversation?.id;
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
          targetChannels: [input.channel ?? 'CHAT'],
          content: { previewText: input.text, basic: { items: [{ text: input.text }] } },
        },
      },
    });
    return body;
  },
});
