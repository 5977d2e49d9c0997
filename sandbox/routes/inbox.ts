import { type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntities, asEntity, type Entity, field } from '../fixtures.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';

const PARTICIPANT_KINDS = ['contactId', 'memberId', 'anonymousVisitorId'] as const;
const DIRECTIONS = ['BUSINESS_TO_PARTICIPANT', 'PARTICIPANT_TO_BUSINESS'];

/**
 * The channels a new conversation's participant can receive on: Chat always, Email and SMS when the participant is
 * a contact with an email or a phone (UNCONFIRMED: Wix documents the list, not how it is built).
 */
function channelsFor(ctx: ApiContext, participant: Record<string, string>): string[] {
  const contact =
    participant.contactId === undefined ? undefined : ctx.site.contacts.get(participant.contactId);
  const info = asEntity(contact?.info);
  const has = (key: string) => asEntities(asEntity(info[key]).items).length > 0;
  return ['CHAT', ...(has('emails') ? ['EMAIL'] : []), ...(has('phones') ? ['SMS'] : [])];
}

/** `POST /inbox/v2/conversations`: gets or creates the participant's conversation (docs/wix-behaviour.md#inbox). */
function getOrCreateConversation(ctx: ApiContext) {
  const participantId = asEntity(field(asEntity(ctx.body), 'participantId'));
  const given = PARTICIPANT_KINDS.filter((kind) => typeof field(participantId, kind) === 'string');
  if (given.length !== 1) {
    throw invalidField(
      'participantId',
      'exactly one of contactId, memberId or anonymousVisitorId is required',
    );
  }
  const kind = given[0] as (typeof PARTICIPANT_KINDS)[number];
  const participant = { [kind]: String(field(participantId, kind)) };
  const existing = [...ctx.site.conversations.values()].find(
    (c) => asEntity(c.participant)[kind] === participant[kind],
  );
  if (existing) return { body: { conversation: structuredClone(existing), newConversation: false } };
  const conversation: Entity = {
    id: newId(),
    participant,
    channels: channelsFor(ctx, participant),
    businessDisplayData: { name: 'wixflow-sandbox' },
  };
  ctx.site.conversations.set(String(conversation.id), conversation);
  return { body: { conversation: structuredClone(conversation), newConversation: true } };
}

/** Converts snake_case keys (Wix's Send Message curl examples use them) to the camelCase the response uses. */
const camelise = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(camelise);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      camelise(v),
    ]),
  );
};

/** `POST /inbox/v2/messages`: sends a message into an existing conversation (docs/wix-behaviour.md#inbox). */
function sendMessage(ctx: ApiContext) {
  const body = camelise(ctx.body) as Entity;
  const conversationId = body.conversationId;
  const message = asEntity(body.message);
  const violations: FieldViolation[] = [];
  if (typeof conversationId !== 'string' || !conversationId) {
    violations.push({
      field: 'conversationId',
      description: 'conversationId is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  if (body.message === undefined) {
    violations.push({ field: 'message', description: 'message is required', violatedRule: 'REQUIRED_FIELD' });
  }
  const content = asEntity(message.content);
  if (body.message !== undefined && Object.keys(content).length === 0) {
    violations.push({
      field: 'message.content',
      description: 'content is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  if (message.direction !== undefined && !DIRECTIONS.includes(String(message.direction))) {
    violations.push({
      field: 'message.direction',
      description: `one of ${DIRECTIONS.join(', ')}`,
      violatedRule: 'CUSTOM',
    });
  }
  // `targetChannels` is deprecated for `targetChannelIds` (removal 2026-06-30, @wix/auto_sdk_inbox_messages): a
  // removed field is dropped, as proto JSON drops an unknown one, so it neither steers nor fails the send.
  const targets = message.targetChannelIds;
  const targetIds = Array.isArray(targets) ? targets : [];
  if (
    targets !== undefined &&
    (!Array.isArray(targets) ||
      targets.length > 100 ||
      targets.some((t) => typeof t !== 'string' || t === '' || t.length > 100))
  ) {
    violations.push({
      field: 'message.targetChannelIds',
      description: 'at most 100 channel ids of 1-100 characters',
      violatedRule: 'CUSTOM',
    });
  }
  if (violations.length) throw validationError(violations);
  const conversation = ctx.site.conversations.get(String(conversationId));
  if (!conversation) throw notFound('Conversation', String(conversationId));
  const channels = Array.isArray(conversation.channels) ? conversation.channels.map(String) : [];
  const unknown = targetIds.filter((t) => !channels.includes(String(t)));
  // UNCONFIRMED: Wix documents no answer for a channel the conversation lacks; refusing it surfaces the mistake.
  if (unknown.length > 0) {
    throw invalidField(
      'message.targetChannelIds',
      `not channels of conversation ${String(conversationId)}: ${unknown.join(', ')} (it has ${channels.join(', ')})`,
    );
  }

  const fromClock = BigInt(ctx.now.getTime()) * 1000n;
  const site = ctx.site;
  site.lastMessageSequence = fromClock > site.lastMessageSequence ? fromClock : site.lastMessageSequence + 1n;
  const sequence = site.lastMessageSequence.toString();
  const sent: Entity = {
    id: sequence,
    content,
    sender:
      body.sendAs === 'PARTICIPANT'
        ? asEntity(ctx.site.conversations.get(String(conversationId))?.participant)
        : { appId: ctx.state.appId },
    badges: message.badges ?? [],
    targetChannelIds: targetIds,
    appId: ctx.state.appId,
    visibility: message.visibility ?? 'BUSINESS_AND_PARTICIPANT',
    sequence,
    direction: message.direction ?? 'BUSINESS_TO_PARTICIPANT',
    createdDate: ctx.now.toISOString(),
  };
  ctx.site.messages.push({ ...sent, conversationId });
  return { body: { message: structuredClone(sent) } };
}

/** Inbox v2 conversations and messages. */
export const inboxRoutes: ApiRoute[] = [
  { method: 'POST', path: '/inbox/v2/conversations', handler: getOrCreateConversation },
  {
    method: 'GET',
    path: '/inbox/v2/conversations/:conversationId',
    handler: (ctx) => {
      const conversation = ctx.site.conversations.get(ctx.params.conversationId ?? '');
      if (!conversation) throw notFound('Conversation', String(ctx.params.conversationId));
      return { body: { conversation: structuredClone(conversation) } };
    },
  },
  { method: 'POST', path: '/inbox/v2/messages', handler: sendMessage },
];
