// One test per "if Wix behaves otherwise" claim of docs/wix-assumptions.md that no other test pins down. Wix is
// answered at the fetch boundary (the real WixHttpClient sends every request), so each test states what Wix
// might do and what wixflow then does.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '#shared/call-error.ts';
import { retryDelaySeconds } from '#shared/consumer/retry-delay.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { matchesForRule } from '#shared/rules/rule-matches.ts';
import { listTriggers, normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { isRefreshTokenRejection } from '#shared/wix/client/legacy-tokens.ts';
import { WixApiError, wixApiErrorFrom } from '#shared/wix/client/wix-api-error.ts';
import { WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import { getModule } from '#shared/wix/modules/registry.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { recordFetch, type WireRequest } from '../../support/wix-oracle.ts';

const ID = 'a0000000-0000-4000-8000-000000000001';

/** A Wix answer: a JSON body with a status and headers. */
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
/** Wix's standard error body. */
const wixError = (status: number, code: string, message: string) =>
  answer(status, { message, details: { applicationError: { code, description: message } } });

/** Runs a module as a rule step does against `respond`; returns the calls it made and what it threw. */
async function step(
  name: string,
  input: unknown,
  respond: (request: WireRequest) => unknown,
  catalog: 'V1_CATALOG' | 'V3_CATALOG' = 'V3_CATALOG',
) {
  const module = getModule(name);
  if (!module) throw new Error(`no module ${name}`);
  const instanceId = `assumption-${randomUUID()}`;
  const wix = new WixHttpClient({
    baseUrl: 'https://www.wixapis.com',
    auth: new ApiKeyAuth(async () => 'api-key', { siteId: 'site' }),
  });
  let error: WixApiError | undefined;
  const calls = await recordFetch(
    async () => {
      try {
        await module.run(module.input.parse(input), {
          wix,
          connection: { id: 'c', instanceId },
          catalogVersions: new CatalogVersions(),
        });
      } catch (thrown) {
        if (!(thrown instanceof WixApiError)) throw thrown;
        error = thrown;
      }
    },
    (request) =>
      request.path === '/stores/v3/provision/version' ? { catalogVersion: catalog } : respond(request),
  );
  return { error, routes: calls.map((c) => `${c.method} ${c.path}`), calls };
}

describe('legacy eventType strings', () => {
  const event = (eventType: string): WixEvent => ({
    eventId: 'sha256:1',
    eventIdSource: 'hash',
    eventType,
    instanceId: 'i-1',
    generation: 'legacy',
    data: { orderId: ID },
    time: '2026-12-01T00:00:00.000Z',
    receivedAt: '2026-12-01T00:00:00.000Z',
  });

  it('an eventType wixflow does not know fires no catalogue trigger, but a rule naming it runs', () => {
    // Prepare
    const [rule] = validateRuleSet([
      {
        source: 'r.yaml',
        value: {
          id: 'raw',
          connection: '*',
          trigger: 'com.wix.ecommerce.orders.api.v2.OrderPaid',
          actions: [{ id: 'get', module: 'orders.get', input: { orderId: '{{ trigger.raw.orderId }}' } }],
        },
      },
    ]);
    if (!rule) throw new Error('the rule did not validate');
    const unknown = event('com.wix.ecommerce.orders.api.v2.OrderPaid');
    // Act
    const matches = resolveTriggers(unknown);
    const runs = matchesForRule(prepareRule(rule), matches, normaliseEventType(unknown.eventType), unknown);
    // Assess
    expect(matches).toEqual([]);
    expect(runs).toEqual([
      expect.objectContaining({
        trigger: 'com.wix.ecommerce.orders.api.v2.OrderPaid',
        context: expect.objectContaining({ raw: { orderId: ID } }),
      }),
    ]);
  });

  it('every trigger with an unconfirmed legacy eventType also listens to its current event', () => {
    const unconfirmed = new Set([
      'OrderEvent',
      'OrderPaid',
      'OrderCanceled',
      'FulfillmentCreated',
      'FulfillmentUpdated',
    ]);

    const triggers = listTriggers().filter((t) => t.eventTypes.legacy.some((type) => unconfirmed.has(type)));

    expect(triggers.length).toBeGreaterThanOrEqual(4);
    for (const trigger of triggers) expect(trigger.eventTypes.current, trigger.name).not.toEqual([]);
  });
});

describe('428 on the wrong catalog', () => {
  it('another refusal (404) fails the step with Wix’s message, keeps the cached catalog and is not retried', async () => {
    // Act
    const { error, routes } = await step('collections.get', { collectionId: ID }, () =>
      wixError(404, 'CATEGORY_NOT_FOUND', 'Category not found'),
    );
    // Assess
    expect(routes).toEqual(['GET /stores/v3/provision/version', `GET /categories/v1/categories/${ID}`]);
    expect(error).toMatchObject({ status: 404, code: 'CATEGORY_NOT_FOUND', retryable: false });
    expect(error?.message).toContain('Category not found');
  });

  it('a 428 while the site still reports the same catalog is thrown after one fresh look, not looped', async () => {
    // Act
    const { error, routes } = await step('collections.get', { collectionId: ID }, () =>
      wixError(428, 'FAILED_PRECONDITION', 'Catalog mismatch'),
    );
    // Assess
    expect(routes).toEqual([
      'GET /stores/v3/provision/version',
      `GET /categories/v1/categories/${ID}`,
      'GET /stores/v3/provision/version',
    ]);
    expect(error).toMatchObject({ status: 428, retryable: false });
  });
});

describe('409 on a stale revision', () => {
  const updates: [string, unknown, RegExp][] = [
    ['contacts.update', { contactId: ID, firstName: 'Ada' }, /^PATCH \/contacts\/v4\/contacts\//],
    ['collections.update', { collectionId: ID, name: 'Sale' }, /^PATCH \/categories\/v1\/categories\//],
    ['products.update', { productId: ID, name: 'Tea' }, /^PATCH \/stores\/v3\/products\//],
  ];
  const current = (request: WireRequest) =>
    request.method === 'GET'
      ? {
          contact: { id: ID, revision: 3, info: {} },
          category: { id: ID, revision: '3', name: 'Old' },
          product: { id: ID, revision: '3', name: 'Old', variantsInfo: { variants: [] } },
        }
      : undefined;

  it.each(updates)(
    '%s: a stale revision answered with another status (400) fails with Wix’s message after one write',
    async (name, input, write) => {
      // Act
      const { error, routes } = await step(
        name,
        input,
        (request) => current(request) ?? wixError(400, 'REVISION_MISMATCH', 'Revision 3 is stale'),
      );
      // Assess
      expect(routes.filter((r) => write.test(r))).toHaveLength(1);
      expect(error).toMatchObject({ status: 400, retryable: false });
      expect(error?.message).toContain('Revision 3 is stale');
    },
  );

  it.each(updates)(
    '%s: a 409 that repeats is written twice at most, then fails',
    async (name, input, write) => {
      // Act
      const { error, routes } = await step(
        name,
        input,
        (request) => current(request) ?? wixError(409, 'REVISION_MISMATCH', 'Revision 3 is stale'),
      );
      // Assess
      expect(routes.filter((r) => write.test(r))).toHaveLength(2);
      expect(error).toMatchObject({ status: 409, retryable: false });
    },
  );
});

describe('Retry-After on 429', () => {
  it('a long Retry-After is not waited for in-process: the error carries it and the queue waits at least as long', async () => {
    // Act
    const { error, routes } = await step('contacts.get', { contactId: ID }, () =>
      answer(429, { message: 'Too many requests' }, { 'retry-after': '120' }),
    );
    // Assess
    expect(routes).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterS: 120 });
    expect(
      retryDelaySeconds({ baseS: 30, receiveCount: 1, retryAfterS: error?.retryAfterS }),
    ).toBeGreaterThanOrEqual(120);
  });

  it('reads Retry-After as seconds or an HTTP date, and without one backs off from the base delay', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');

    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(retryDelaySeconds({ baseS: 30, receiveCount: 2, random: () => 0.5 })).toBe(60);
  });
});

describe('OAuth error bodies', () => {
  it('takes the code and message from the IETF shape, Wix’s standard shape or a text body', () => {
    // Act
    const errors = [
      wixApiErrorFrom(400, 'POST', '/oauth2/token', { error: 'invalid_grant', error_description: 'expired' }),
      wixApiErrorFrom(400, 'POST', '/oauth2/token', {
        message: 'Refresh token revoked',
        details: {
          applicationError: { code: 'INVALID_REFRESH_TOKEN', description: 'Refresh token revoked' },
        },
      }),
      wixApiErrorFrom(400, 'POST', '/oauth2/token', 'Bad Request'),
    ];
    // Assess
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid_grant', 'Wix answered 400 to POST /oauth2/token: expired (invalid_grant)'],
      [
        'INVALID_REFRESH_TOKEN',
        'Wix answered 400 to POST /oauth2/token: Refresh token revoked (INVALID_REFRESH_TOKEN)',
      ],
      [undefined, 'Wix answered 400 to POST /oauth2/token: Bad Request'],
    ]);
  });

  it.each([
    ['400 invalid_grant', 400, { error: 'invalid_grant' }, true],
    [
      '400 in Wix’s own shape',
      400,
      { details: { applicationError: { code: 'INVALID_REFRESH_TOKEN' } } },
      true,
    ],
    ['401 without a code', 401, 'Unauthorized', true],
    ['401 invalid_client (the app, not the token)', 401, { error: 'invalid_client' }, false],
    ['429', 429, { error: 'slow_down' }, false],
    ['503', 503, '', false],
  ])('a refresh answered %s counts as the refresh token refused: %s', (_case, status, body, refused) => {
    expect(isRefreshTokenRejection(wixApiErrorFrom(status, 'POST', '/oauth/access', body))).toBe(refused);
  });
});

describe('Inbox channel ids', () => {
  const CONVERSATION = 'c0000000-0000-4000-8000-000000000001';

  it('a conversation without the deprecated channels[] fails a step naming a channel before sending', async () => {
    // Act
    const { error, routes } = await step(
      'messages.send',
      { conversationId: CONVERSATION, text: 'Hi', channel: 'EMAIL' },
      () => ({
        conversation: { id: CONVERSATION },
      }),
    );
    // Assess
    expect(routes).toEqual([`GET /inbox/v2/conversations/${CONVERSATION}`]);
    expect(error).toMatchObject({ code: 'CHANNEL_NOT_IN_CONVERSATION', retryable: false });
    expect(error?.message).toContain('its channels are none');
  });

  it('a step naming no channel sends without any target, so Wix picks the conversation’s channel', async () => {
    // Act
    const { error, calls } = await step(
      'messages.send',
      { conversationId: CONVERSATION, text: 'Hi' },
      () => ({
        message: {},
      }),
    );
    // Assess
    expect(error).toBeUndefined();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /inbox/v2/messages']);
    expect(JSON.stringify(calls[0]?.body)).not.toMatch(/targetChannel/);
  });

  it('a channel id Wix refuses fails the step with Wix’s message, not retried', async () => {
    // Act
    const { error, routes } = await step(
      'messages.send',
      { conversationId: CONVERSATION, text: 'Hi', channel: 'EMAIL' },
      (request) =>
        request.method === 'GET'
          ? { conversation: { id: CONVERSATION, channels: ['CHAT', 'EMAIL'] } }
          : wixError(400, 'INVALID_ARGUMENT', 'Unknown target channel id EMAIL'),
    );
    // Assess
    expect(routes).toEqual([`GET /inbox/v2/conversations/${CONVERSATION}`, 'POST /inbox/v2/messages']);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error?.message).toContain('Unknown target channel id EMAIL');
  });
});
