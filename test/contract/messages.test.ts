import * as conversations from '@wix/auto_sdk_inbox_conversations';
import type { GetConversationResponseOriginal } from '@wix/auto_sdk_inbox_conversations/meta';
import * as messages from '@wix/auto_sdk_inbox_messages';
import { describe, expect, it } from 'vitest';
import { messagesSend } from '#shared/wix/modules/messages/messages-send.ts';
import {
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const CONVERSATION_ID = '6202c3bb-f263-3c16-8c90-d6387d9ed420';
const CONTACT_ID = '8046df3c-7575-4098-a5ab-c91ad8f33c47';

/** Get Conversation's answer in its REST shape: `channels` as Wix's SDK declares them (channel types). */
const conversation: GetConversationResponseOriginal = {
  conversation: {
    id: CONVERSATION_ID,
    participant: { contactId: CONTACT_ID },
    channels: ['CHAT', 'EMAIL'],
    businessDisplayData: { name: 'Shop' },
  },
};
const answer = (request: WireRequest) =>
  request.path.startsWith('/inbox/v2/conversations') ? conversation : {};

const content = (text: string) => ({ previewText: text, basic: { items: [{ text }] } });
const businessMessage = (text: string, extra: object = {}) => ({
  direction: 'BUSINESS_TO_PARTICIPANT' as const,
  visibility: 'BUSINESS_AND_PARTICIPANT' as const,
  ...extra,
  content: content(text),
});

describe('messages.send against Wix’s Inbox SDK', () => {
  it('sends what sendMessage sends, without the deprecated targetChannels', async () => {
    // Act
    const ours = await wixflowRequests(messagesSend, { conversationId: CONVERSATION_ID, text: 'Thanks!' });
    const wix = await sdkRequests({ messages }, (c) =>
      c.messages.sendMessage(CONVERSATION_ID, businessMessage('Thanks!'), {
        sendNotifications: true,
        sendAs: 'CALLER',
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
    expect(JSON.stringify(ours[0]?.body)).not.toContain('targetChannels');
  });

  it('on a named channel, reads the conversation as getConversation does and sends targetChannelIds', async () => {
    // Act
    const ours = await wixflowRequests(
      messagesSend,
      { conversationId: CONVERSATION_ID, text: 'Receipt', channel: 'EMAIL' },
      { respond: answer },
    );
    const wix = await sdkRequests(
      { conversations, messages },
      async (c) => {
        const found = await c.conversations.getConversation(CONVERSATION_ID);
        const channelId = (found.channels as string[]).find((ch) => ch === 'EMAIL');
        await c.messages.sendMessage(
          CONVERSATION_ID,
          businessMessage('Receipt', { targetChannelIds: [channelId] }),
          { sendNotifications: true, sendAs: 'CALLER' },
        );
      },
      answer,
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
    expect(ours.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /inbox/v2/conversations/${CONVERSATION_ID}`,
      'POST /inbox/v2/messages',
    ]);
  });

  it('to a contact, gets or creates the conversation as getOrCreateConversation does, then uses its channels', async () => {
    // Act
    const ours = await wixflowRequests(
      messagesSend,
      { contactId: CONTACT_ID, text: 'Hello', channel: 'CHAT' },
      { respond: answer },
    );
    const wix = await sdkRequests(
      { conversations, messages },
      async (c) => {
        const { conversation: started } = await c.conversations.getOrCreateConversation({
          contactId: CONTACT_ID,
        });
        await c.messages.sendMessage(started._id, businessMessage('Hello', { targetChannelIds: ['CHAT'] }), {
          sendNotifications: true,
          sendAs: 'CALLER',
        });
      },
      answer,
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });
});
