import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken } from './helpers.ts';

const CART = 'b7b79cdb-5ff5-4ce8-8b64-0e28b1ea7a95';
const ORDER = '58c9a790-27b7-463f-a865-c7cb494f7c29';
const PAID_ORDER = '8d009fbe-6600-4c7a-ad23-37e9f0477947';
const CONVERSATION = '6202c3bb-f263-3c16-8c90-d6387d9ed420';

describe('Wix sandbox eCom, Inbox, coupons and app instance', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken());
  });
  afterAll(() => sandbox.stop());

  it('gets the documented cart and answers 404 for another', async () => {
    // Act
    const found = await call(sandbox, 'GET', `/ecom/v1/carts/${CART}`, { auth });
    const missing = await call(sandbox, 'GET', '/ecom/v1/carts/00000000-0000-4000-8000-000000000000', {
      auth,
    });

    // Assess
    expect(at(found.body, 'cart.id')).toBe(CART);
    expect(missing.status).toBe(404);
  });

  it('searches orders newest first with cursor paging, accepting the snake_case cursor_paging of the docs', async () => {
    // Act
    const first = await call(sandbox, 'POST', '/ecom/v1/orders/search', {
      auth,
      body: { search: { cursor_paging: { limit: 2 } } },
    });
    const next = await call(sandbox, 'POST', '/ecom/v1/orders/search', {
      auth,
      body: { search: { cursorPaging: { limit: 2, cursor: at(first.body, 'metadata.cursors.next') } } },
    });

    // Assess
    const dates = [...list(first.body, 'orders'), ...list(next.body, 'orders')].map((o) =>
      String(o.createdDate),
    );
    expect(dates).toEqual([...dates].sort().reverse());
    expect(first.body.metadata).toMatchObject({ count: 2, hasNext: true });
    expect(new Set([...list(first.body, 'orders'), ...list(next.body, 'orders')].map((o) => o.id)).size).toBe(
      4,
    );
  });

  it('filters orders by payment status and answers 400 for an unknown operator', async () => {
    // Act
    const paid = await call(sandbox, 'POST', '/ecom/v1/orders/search', {
      auth,
      body: { search: { filter: { paymentStatus: 'PAID' } } },
    });
    const bad = await call(sandbox, 'POST', '/ecom/v1/orders/search', {
      auth,
      body: { search: { filter: { paymentStatus: { $regex: 'P.*' } } } },
    });

    // Assess
    expect(list(paid.body, 'orders').every((o) => o.paymentStatus === 'PAID')).toBe(true);
    expect(list(paid.body, 'orders').length).toBeGreaterThan(0);
    expect(bad.status).toBe(400);
  });

  it('gets an order and generates a PDF link at both documented paths', async () => {
    // Act
    const order = await call(sandbox, 'GET', `/ecom/v1/orders/${ORDER}`, { auth });
    const ecom = await call(sandbox, 'POST', '/ecom/v1/orders/generatePDF', {
      auth,
      body: { orderIds: [ORDER] },
    });
    const stores = await call(sandbox, 'POST', '/stores/v2/orders/generatePDF', {
      auth,
      body: { orderIds: [ORDER] },
    });
    const empty = await call(sandbox, 'POST', '/ecom/v1/orders/generatePDF', {
      auth,
      body: { orderIds: [] },
    });

    // Assess
    expect(at(order.body, 'order.id')).toBe(ORDER);
    expect(ecom.body).toEqual({ link: expect.stringMatching(/^https:\/\//) });
    expect(stores.body).toEqual({ link: expect.stringMatching(/^https:\/\//) });
    expect(empty.status).toBe(400);
  });

  it('creates a fulfillment with an autofilled tracking link and lists it', async () => {
    // Act
    const created = await call(sandbox, 'POST', `/ecom/v1/fulfillments/orders/${ORDER}/create-fulfillment`, {
      auth,
      body: {
        fulfillment: {
          lineItems: [{ id: '00000000-0000-0000-0000-000000000002', quantity: 1 }],
          trackingInfo: { trackingNumber: '12345', shippingProvider: 'fedex' },
        },
      },
    });
    const listed = await call(sandbox, 'GET', `/ecom/v1/fulfillments/orders/${ORDER}`, { auth });

    // Assess
    expect(created.status).toBe(200);
    const fulfillmentId = created.body.fulfillmentId;
    const fulfillment = list(created.body, 'orderWithFulfillments.fulfillments').find(
      (f) => f.id === fulfillmentId,
    );
    expect(fulfillment).toMatchObject({
      trackingInfo: {
        trackingLink: 'https://www.fedex.com/apps/fedextrack/?action=track&trackingnumber=12345',
      },
    });
    expect(list(listed.body, 'orderWithFulfillments.fulfillments').map((f) => f.id)).toContain(fulfillmentId);
  });

  it('answers 400 for a fulfillment of a line item the order does not have', async () => {
    // Act
    const result = await call(sandbox, 'POST', `/ecom/v1/fulfillments/orders/${ORDER}/create-fulfillment`, {
      auth,
      body: {
        fulfillment: { lineItems: [{ id: 'nope', quantity: 1 }], trackingInfo: { trackingNumber: '1' } },
      },
    });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'fulfillment.lineItems[0].id',
    });
  });

  it("lists an order's payments and answers 404 for an unknown order", async () => {
    // Act
    const found = await call(sandbox, 'GET', `/ecom/v1/payments/orders/${PAID_ORDER}`, { auth });
    const missing = await call(
      sandbox,
      'GET',
      '/ecom/v1/payments/orders/00000000-0000-4000-8000-000000000000',
      { auth },
    );

    // Assess
    expect(at(found.body, 'orderTransactions.orderId')).toBe(PAID_ORDER);
    expect(list(found.body, 'orderTransactions.payments').length).toBeGreaterThan(0);
    expect(missing.status).toBe(404);
  });

  it('gets or creates a conversation and sends a message into it', async () => {
    // Act
    const existing = await call(sandbox, 'POST', '/inbox/v2/conversations', {
      auth,
      body: { participantId: { anonymousVisitorId: '40096143-3643-4cc1-8329-30a7fc2c595e' } },
    });
    const created = await call(sandbox, 'POST', '/inbox/v2/conversations', {
      auth,
      body: { participantId: { contactId: '8046df3c-7575-4098-a5ab-c91ad8f33c47' } },
    });
    const sent = await call(sandbox, 'POST', '/inbox/v2/messages', {
      auth,
      body: {
        conversationId: CONVERSATION,
        sendNotifications: true,
        sendAs: 'CALLER',
        message: {
          direction: 'BUSINESS_TO_PARTICIPANT',
          visibility: 'BUSINESS_AND_PARTICIPANT',
          targetChannelIds: ['CHAT'],
          content: { previewText: 'Hey!', basic: { items: [{ text: 'Hey!' }] } },
        },
      },
    });
    const fetched = await call(sandbox, 'GET', `/inbox/v2/conversations/${CONVERSATION}`, { auth });

    // Assess
    expect(existing.body).toMatchObject({ conversation: { id: CONVERSATION }, newConversation: false });
    expect(created.body).toMatchObject({
      newConversation: true,
      conversation: { channels: ['CHAT', 'EMAIL', 'SMS'] },
    });
    expect(fetched.body).toMatchObject({ conversation: { id: CONVERSATION, channels: ['CHAT'] } });
    expect(sent.body.message).toMatchObject({
      content: { basic: { items: [{ text: 'Hey!' }] } },
      direction: 'BUSINESS_TO_PARTICIPANT',
      targetChannelIds: ['CHAT'],
      sequence: expect.any(String),
    });
  });

  it('drops the deprecated targetChannels and refuses a targetChannelId the conversation does not have', async () => {
    // Prepare
    const send = (message: object) =>
      call(sandbox, 'POST', '/inbox/v2/messages', {
        auth,
        body: {
          conversationId: CONVERSATION,
          message: { ...message, content: { previewText: 'x', basic: { items: [{ text: 'x' }] } } },
        },
      });

    // Act
    const deprecated = await send({ targetChannels: ['EMAIL'] });
    const elsewhere = await send({ targetChannelIds: ['EMAIL'] });

    // Assess
    expect(deprecated.status).toBe(200);
    expect(deprecated.body.message).not.toHaveProperty('targetChannels');
    expect(deprecated.body.message).toMatchObject({ targetChannelIds: [] });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatchObject({
      details: { validationError: { fieldViolations: [{ field: 'message.targetChannelIds' }] } },
    });
  });

  it('answers 404 for a message to an unknown conversation', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/inbox/v2/messages', {
      auth,
      body: {
        conversationId: 'nope',
        message: { content: { previewText: 'x', basic: { items: [{ text: 'x' }] } } },
      },
    });

    // Assess
    expect(result.status).toBe(404);
  });

  it('creates a coupon and finds it with a stringified filter', async () => {
    // Act
    const created = await call(sandbox, 'POST', '/stores/v2/coupons', {
      auth,
      body: {
        specification: {
          name: 'Ten off',
          code: 'TEN',
          active: true,
          startTime: 1554066000000,
          scope: { namespace: 'stores' },
          moneyOffAmount: 10,
        },
      },
    });
    const found = await call(sandbox, 'POST', '/stores/v2/coupons/query', {
      auth,
      body: { query: { filter: JSON.stringify({ 'specification.code': 'TEN' }) } },
    });

    // Assess
    expect(created.body).toEqual({ id: expect.any(String) });
    expect(list(found.body, 'coupons')).toHaveLength(1);
    expect(list(found.body, 'coupons')[0]).toMatchObject({
      id: created.body.id,
      expired: false,
      specification: { code: 'TEN', type: 'MoneyOff', startTime: '1554066000000' },
    });
    expect(found.body.totalResults).toBe(1);
  });

  it('answers 400 for a coupon with two discount kinds', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v2/coupons', {
      auth,
      body: {
        specification: {
          name: 'x',
          code: 'X',
          startTime: 1,
          scope: { namespace: 'stores' },
          moneyOffAmount: 1,
          percentOffRate: 5,
        },
      },
    });

    // Assess
    expect(result.status).toBe(400);
  });

  it('takes a free-shipping coupon without scope and refuses one with a scope, as Wix’s Create Coupon says', async () => {
    // Prepare
    const freeShipping = (extra: Record<string, unknown>) => ({
      auth,
      body: { specification: { name: 'Ship', code: 'SHIP', startTime: 1, freeShipping: true, ...extra } },
    });
    // Act
    const bare = await call(sandbox, 'POST', '/stores/v2/coupons', freeShipping({}));
    const scoped = await call(
      sandbox,
      'POST',
      '/stores/v2/coupons',
      freeShipping({ code: 'SHIP2', scope: { namespace: 'stores' } }),
    );

    // Assess
    expect(bare.status).toBe(200);
    expect(scoped.status).toBe(400);
    expect(JSON.stringify(scoped.body)).toContain('specification.scope');
  });

  it('answers the app instance with this site and instance', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/apps/v1/instance', { auth });

    // Assess
    expect(result.body).toMatchObject({
      instance: { instanceId: sandbox.instanceId },
      site: { siteId: sandbox.siteId, installedWixApps: ['stores', 'wix_forms'] },
    });
  });

  it('takes app BI events, answering {} and refusing an unknown name or a CUSTOM event without its name', async () => {
    // Act
    const finished = await call(sandbox, 'POST', '/apps/v1/bi-event', {
      auth,
      body: { eventName: 'APP_FINISHED_CONFIGURATION' },
    });
    const unknown = await call(sandbox, 'POST', '/apps/v1/bi-event', { auth, body: { eventName: 'DONE' } });
    const unnamed = await call(sandbox, 'POST', '/apps/v1/bi-event', { auth, body: { eventName: 'CUSTOM' } });

    // Assess
    expect([finished.status, finished.body]).toEqual([200, {}]);
    expect(unknown.status).toBe(400);
    expect(at(unknown.body, 'details.validationError.fieldViolations.0.field')).toBe('eventName');
    expect(unnamed.status).toBe(400);
    expect(at(unnamed.body, 'details.validationError.fieldViolations.0.field')).toBe('customEventName');
  });
});
