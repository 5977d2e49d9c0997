import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { routesOf, siteOn, wixError } from './harness.ts';

const CART_ID = 'b7b79cdb-5ff5-4ce8-8b64-0e28b1ea7a95';
const ORDER_ID = '58c9a790-27b7-463f-a865-c7cb494f7c29';
const PAID_ORDER_WITH_TRANSACTIONS = '8d009fbe-6600-4c7a-ad23-37e9f0477947';
const CONVERSATION_ID = '6202c3bb-f263-3c16-8c90-d6387d9ed420';
type Entity = Record<string, unknown>;

describe('carts, orders, payments, fulfillments, messages and coupons modules', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('carts.get, orders.get and payments.get return Wix’s bodies from the eCom paths', async () => {
    const site = siteOn(sandbox);

    const cart = (await site.run('carts.get', { cartId: CART_ID })) as { cart: Entity };
    const order = (await site.run('orders.get', { orderId: ORDER_ID })) as { order: Entity };
    const payments = (await site.run('payments.get', { orderId: PAID_ORDER_WITH_TRANSACTIONS })) as {
      orderTransactions: Entity;
    };

    expect(routesOf(site.calls())).toEqual([
      `GET /ecom/v1/carts/${CART_ID}`,
      `GET /ecom/v1/orders/${ORDER_ID}`,
      `GET /ecom/v1/payments/orders/${PAID_ORDER_WITH_TRANSACTIONS}`,
    ]);
    expect(cart.cart.id).toBe(CART_ID);
    expect(order.order.id).toBe(ORDER_ID);
    expect(payments.orderTransactions.orderId).toBe(PAID_ORDER_WITH_TRANSACTIONS);
  });

  it('orders.search sends {search: {filter, sort, cursorPaging}} and returns {items}', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('orders.search', {
      filter: { paymentStatus: 'PAID' },
      sort: 'number',
      order: 'desc',
      limit: 3,
    })) as { items: Entity[] };

    const [call] = site.calls();
    expect(call).toMatchObject({ method: 'POST', path: '/ecom/v1/orders/search', status: 200 });
    expect(call?.body).toEqual({
      search: {
        filter: { paymentStatus: 'PAID' },
        sort: [{ fieldName: 'number', order: 'DESC' }],
        cursorPaging: { limit: 3 },
      },
    });
    expect(out.items.length).toBeGreaterThan(0);
    expect(out.items.every((o) => o.paymentStatus === 'PAID')).toBe(true);
  });

  it('orders.generatePdfLink posts {orderIds} to /ecom/v1/orders/generatePDF and returns {link}', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('orders.generatePdfLink', { orderIds: [ORDER_ID] })) as { link: string };

    expect(site.calls()[0]).toMatchObject({
      method: 'POST',
      path: '/ecom/v1/orders/generatePDF',
      body: { orderIds: [ORDER_ID] },
    });
    expect(out.link).toMatch(/^https:\/\//);
  });

  it('fulfillments.create without lineItems fulfils what is left of each line item', async () => {
    const site = siteOn(sandbox);
    const { order } = (await site.run('orders.get', { orderId: ORDER_ID })) as {
      order: { lineItems: { id: string; quantity: number }[] };
    };

    const out = (await site.run('fulfillments.create', {
      orderId: ORDER_ID,
      trackingNumber: '12345',
      shippingProvider: 'fedex',
    })) as { fulfillmentId: string; orderWithFulfillments: { fulfillments: Entity[] } };

    const calls = site.calls().slice(1);
    expect(routesOf(calls)).toEqual([
      `GET /ecom/v1/orders/${ORDER_ID}`,
      `GET /ecom/v1/fulfillments/orders/${ORDER_ID}`,
      `POST /ecom/v1/fulfillments/orders/${ORDER_ID}/create-fulfillment`,
    ]);
    expect(calls[2]?.body).toEqual({
      fulfillment: {
        lineItems: order.lineItems.map((l) => ({ id: l.id, quantity: l.quantity })),
        trackingInfo: { trackingNumber: '12345', shippingProvider: 'fedex' },
      },
    });
    expect(out.fulfillmentId).toBeTruthy();
    const again = await wixError(site.run('fulfillments.create', { orderId: ORDER_ID, trackingNumber: '9' }));
    expect(again).toMatchObject({ code: 'ALREADY_FULFILLED', retryable: false });
  });

  it('fulfillments.create with lineItems posts them as given', async () => {
    const site = siteOn(sandbox);
    const { order } = (await site.run('orders.get', { orderId: ORDER_ID })) as {
      order: { lineItems: { id: string }[] };
    };
    const lineItems = [{ id: order.lineItems[0]?.id ?? '', quantity: 1 }];

    await site.run('fulfillments.create', {
      orderId: ORDER_ID,
      trackingNumber: 'T1',
      trackingLink: 'https://track.example/T1',
      lineItems,
    });

    expect(routesOf(site.calls().slice(1))).toEqual([
      `POST /ecom/v1/fulfillments/orders/${ORDER_ID}/create-fulfillment`,
    ]);
    expect(site.calls()[1]?.body).toEqual({
      fulfillment: {
        lineItems,
        trackingInfo: { trackingNumber: 'T1', trackingLink: 'https://track.example/T1' },
      },
    });
  });

  it('messages.send posts Inbox v2’s documented body to a conversation', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('messages.send', { conversationId: CONVERSATION_ID, text: 'Thanks!' })) as {
      message: Entity;
    };

    expect(site.calls()[0]).toMatchObject({ method: 'POST', path: '/inbox/v2/messages', status: 200 });
    expect(site.calls()[0]?.body).toEqual({
      conversationId: CONVERSATION_ID,
      sendNotifications: true,
      sendAs: 'CALLER',
      message: {
        direction: 'BUSINESS_TO_PARTICIPANT',
        visibility: 'BUSINESS_AND_PARTICIPANT',
        content: { previewText: 'Thanks!', basic: { items: [{ text: 'Thanks!' }] } },
      },
    });
    expect(out.message.content).toEqual({ previewText: 'Thanks!', basic: { items: [{ text: 'Thanks!' }] } });
  });

  it('messages.send to a contact finds or starts their conversation first', async () => {
    const site = siteOn(sandbox);
    const { contact } = (await site.run('contacts.create', { email: 'buyer@example.com' })) as {
      contact: Entity;
    };

    await site.run('messages.send', { contactId: contact.id, text: 'Hello', channel: 'EMAIL' });

    const [, start, send] = site.calls();
    expect(start).toMatchObject({
      method: 'POST',
      path: '/inbox/v2/conversations',
      body: { participantId: { contactId: contact.id } },
    });
    const conversationId = (start?.response as { conversation?: { id: string } } | undefined)?.conversation
      ?.id;
    expect(send?.body).toMatchObject({ conversationId, message: { targetChannelIds: ['EMAIL'] } });
    expect(JSON.stringify(send?.body)).not.toContain('targetChannels');
    expect(send?.response).toMatchObject({ message: { targetChannelIds: ['EMAIL'] } });
    await expect(site.run('messages.send', { text: 'x' })).rejects.toThrow(
      'input.conversationId: give exactly one of conversationId or contactId',
    );
  });

  it('messages.send on a named channel reads the conversation’s channels and sends that channel’s id', async () => {
    // Prepare
    const site = siteOn(sandbox);

    // Act
    await site.run('messages.send', { conversationId: CONVERSATION_ID, text: 'Hi', channel: 'CHAT' });

    // Assess
    const [get, send] = site.calls();
    expect(get).toMatchObject({
      method: 'GET',
      path: `/inbox/v2/conversations/${CONVERSATION_ID}`,
      status: 200,
    });
    expect(send).toMatchObject({ method: 'POST', path: '/inbox/v2/messages', status: 200 });
    expect(send?.body).toMatchObject({ message: { targetChannelIds: ['CHAT'] } });
    expect(JSON.stringify(send?.body)).not.toContain('targetChannels');
  });

  it('messages.send fails, not retried and sending nothing, on a channel the conversation does not have', async () => {
    // Prepare
    const site = siteOn(sandbox);

    // Act
    const error = await wixError(
      site.run('messages.send', { conversationId: CONVERSATION_ID, text: 'Hi', channel: 'WHATSAPP' }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'CHANNEL_NOT_IN_CONVERSATION', retryable: false });
    expect(error.message).toBe(
      `Inbox conversation ${CONVERSATION_ID} cannot receive WHATSAPP messages: its channels are CHAT`,
    );
    expect(routesOf(site.calls())).toEqual([`GET /inbox/v2/conversations/${CONVERSATION_ID}`]);
  });

  it('coupons.create posts a specification with epoch-ms times and coupons.search finds it by code', async () => {
    const site = siteOn(sandbox);

    const created = (await site.run('coupons.create', {
      name: 'Summer',
      code: 'SUMMER10',
      percentOffRate: 10,
      startTime: '2030-06-01T00:00:00.000Z',
      usageLimit: 100,
    })) as { id: string };
    const found = (await site.run('coupons.search', {
      filter: { 'specification.code': 'SUMMER10' },
      limit: 10,
    })) as { items: Entity[] };

    const [create, search] = site.calls();
    expect(create?.body).toEqual({
      specification: {
        name: 'Summer',
        code: 'SUMMER10',
        active: true,
        startTime: Date.parse('2030-06-01T00:00:00.000Z'),
        scope: { namespace: 'stores' },
        percentOffRate: 10,
        usageLimit: 100,
      },
    });
    expect(search).toMatchObject({
      path: '/stores/v2/coupons/query',
      body: { query: { filter: '{"specification.code":"SUMMER10"}', paging: { limit: 10, offset: 0 } } },
    });
    expect(found.items.map((c) => c.id)).toEqual([created.id]);
    await expect(
      site.run('coupons.create', { name: 'x', code: 'y', percentOffRate: 5, freeShipping: true }),
    ).rejects.toThrow(/give exactly one discount/);
  });

  it('coupons.create makes a free-shipping coupon with no scope, which the sandbox (like Wix) takes', async () => {
    const site = siteOn(sandbox);

    const created = (await site.run('coupons.create', {
      name: 'Ship free',
      code: 'SHIPFREE',
      freeShipping: true,
    })) as { id: string };

    const [create] = site.calls();
    expect(create?.body).toEqual({
      specification: {
        name: 'Ship free',
        code: 'SHIPFREE',
        active: true,
        startTime: expect.any(Number),
        freeShipping: true,
      },
    });
    expect(created.id).toEqual(expect.any(String));
  });
});
