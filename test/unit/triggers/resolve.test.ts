import { describe, expect, it } from 'vitest';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import {
  copyJson,
  deliver,
  deliverExample,
  loadRestFixture,
  loadWebhookFixture,
  pathOf,
  stringAt,
  TEST_INSTANCE_ID,
} from '../../support/webhooks.ts';

/** The first documented example of a fixture file, as its decoded inner payload. */
function innerOf(file: string, index = 0): Record<string, unknown> {
  const fixture = loadWebhookFixture(file);
  const example = fixture.examples[index];
  if (example === undefined || example.form !== 'inner')
    throw new Error(`${file} has no inner example #${index}`);
  return copyJson(example.payload) as Record<string, unknown>;
}

const deliverInner = (eventType: string, data: unknown) =>
  deliver({ eventType, instanceId: TEST_INSTANCE_ID, data });

/** Sets a field of the order carried by an eCom order action event (`actionEvent.body.order`). */
function withOrderField(
  inner: Record<string, unknown>,
  field: string,
  value: string,
): Record<string, unknown> {
  const order = pathOf(inner, 'actionEvent', 'body', 'order') ?? pathOf(inner, 'createdEvent', 'entity');
  if (typeof order !== 'object' || order === null) throw new Error('fixture carries no order');
  (order as Record<string, unknown>)[field] = value;
  return inner;
}

describe('resolveTriggers: orders.created fires once per order', () => {
  it('fires for a documented order_created whose order is APPROVED, claiming the order', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.order_created');
    const event = deliverInner('wix.ecom.v1.order_created', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(stringAt(inner, 'createdEvent', 'entity', 'status')).toBe('APPROVED');
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      trigger: 'orders.created',
      onceKey: `orders.created:${stringAt(inner, 'entityId')}`,
      context: { entityId: stringAt(inner, 'entityId'), entity: pathOf(inner, 'createdEvent', 'entity') },
    });
  });

  it('does not fire for an order_created whose order is still INITIALIZED (unfinished checkout)', () => {
    // Prepare
    const inner = withOrderField(innerOf('wix.ecom.v1.order_created'), 'status', 'INITIALIZED');
    const event = deliverInner('wix.ecom.v1.order_created', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toEqual([]);
  });

  it('gives order_created, order_approved and legacy Order Created of one order the same onceKey', () => {
    // Prepare
    const created = innerOf('wix.ecom.v1.order_created');
    const approved = innerOf('wix.ecom.v1.order_approved');
    const legacy = innerOf('wixStores-order-new-with-content.OrderCreated');
    const orderId = stringAt(approved, 'entityId');
    created.entityId = orderId;
    legacy.orderId = orderId;

    // Act
    const keys = [
      resolveTriggers(deliverInner('wix.ecom.v1.order_created', created)),
      resolveTriggers(deliverInner('wix.ecom.v1.order_approved', approved)),
      resolveTriggers(deliverInner('OrderEvent', legacy)),
      resolveTriggers(deliverInner('com.wix.ecommerce.orders.api.v2.OrderEvent', legacy)),
    ].map((matches) => matches.map((m) => [m.trigger, m.onceKey]));

    // Assess
    for (const matches of keys) expect(matches).toEqual([['orders.created', `orders.created:${orderId}`]]);
  });

  it('fires for order_approved even when the order is not yet paid', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.order_approved', 1);
    const event = deliverInner('wix.ecom.v1.order_approved', inner);

    // Act
    const [match] = resolveTriggers(event);

    // Assess
    expect(stringAt(inner, 'actionEvent', 'body', 'order', 'paymentStatus')).toBe('NOT_PAID');
    expect(match?.trigger).toBe('orders.created');
    expect(match?.context.entity).toEqual(pathOf(inner, 'actionEvent', 'body', 'order'));
  });
});

describe('resolveTriggers: orders.paid, .canceled and .fulfilled', () => {
  it('fires orders.paid for a payment status update to PAID with the order as entity', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.order_payment_status_updated');
    const event = deliverInner('wix.ecom.v1.order_payment_status_updated', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toEqual([
      expect.objectContaining({
        trigger: 'orders.paid',
        context: expect.objectContaining({ entity: pathOf(inner, 'actionEvent', 'body', 'order') }),
      }),
    ]);
  });

  it('does not fire orders.paid when the payment status became something other than PAID', () => {
    // Prepare
    const inner = withOrderField(
      innerOf('wix.ecom.v1.order_payment_status_updated'),
      'paymentStatus',
      'PARTIALLY_PAID',
    );
    const event = deliverInner('wix.ecom.v1.order_payment_status_updated', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toEqual([]);
  });

  it('fires orders.fulfilled only when the new fulfillment status is FULFILLED', () => {
    // Prepare
    const fulfilled = innerOf('wix.ecom.v1.order_fulfilled');
    const partial = copyJson(fulfilled);
    const body = pathOf(partial, 'actionEvent', 'body') as Record<string, unknown>;
    body.newFulfillmentStatus = 'PARTIALLY_FULFILLED';
    withOrderField(partial, 'fulfillmentStatus', 'PARTIALLY_FULFILLED');

    // Act
    const whenFulfilled = resolveTriggers(deliverInner('wix.ecom.v1.order_fulfilled', fulfilled));
    const whenPartial = resolveTriggers(deliverInner('wix.ecom.v1.order_fulfilled', partial));

    // Assess
    expect(whenFulfilled.map((m) => m.trigger)).toEqual(['orders.fulfilled']);
    expect(whenPartial).toEqual([]);
  });

  it('exposes the legacy Stores order of OrderCanceled as the entity', () => {
    // Prepare
    const inner = innerOf('OrderCanceled');
    const event = deliverInner('OrderCanceled', inner);

    // Act
    const [match] = resolveTriggers(event);

    // Assess
    expect(match?.trigger).toBe('orders.canceled');
    expect(match?.context.entity).toEqual(inner.order);
    expect(match?.onceKey).toBeUndefined();
  });
});

describe('resolveTriggers: fulfillments from fulfillments_updated', () => {
  it('offers each fulfillment as a created candidate and the change as an update if nothing is new', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.fulfillments_updated');
    const current = pathOf(inner, 'updatedEvent', 'currentEntity') as {
      orderId: string;
      fulfillments: unknown[];
    };
    const first = current.fulfillments[0] as Record<string, unknown>;
    current.fulfillments.push({ ...first, id: 'f2a1c0de-0000-4000-8000-000000000002' });
    const event = deliverInner('wix.ecom.v1.fulfillments_updated', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches.map((m) => [m.trigger, m.context.entityId, m.onceKey, m.onlyIfNothingNew])).toEqual([
      ['fulfillments.created', first.id, `fulfillment:${String(first.id)}`, undefined],
      [
        'fulfillments.created',
        'f2a1c0de-0000-4000-8000-000000000002',
        'fulfillment:f2a1c0de-0000-4000-8000-000000000002',
        undefined,
      ],
      ['fulfillments.updated', current.orderId, undefined, true],
    ]);
    expect(matches[0]?.context.entity).toEqual({ ...first, orderId: current.orderId });
    expect(matches[2]?.context.entity).toEqual(current);
  });

  it('offers only the update when the order has no fulfillments left (a deletion)', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.fulfillments_updated');
    (pathOf(inner, 'updatedEvent', 'currentEntity') as { fulfillments: unknown[] }).fulfillments = [];
    const event = deliverInner('wix.ecom.v1.fulfillments_updated', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches.map((m) => m.trigger)).toEqual(['fulfillments.updated']);
  });

  it('makes legacy FulfillmentCreated claim the same key as the eCom event for that fulfillment', () => {
    // Prepare
    const inner = innerOf('FulfillmentCreated');
    const event = deliverInner('FulfillmentCreated', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toEqual([
      expect.objectContaining({
        trigger: 'fulfillments.created',
        onceKey: `fulfillment:${stringAt(inner, 'fulfillmentId')}`,
      }),
    ]);
  });
});

describe('resolveTriggers: event types and payloads without a Wix example', () => {
  it('maps the hyphenated Inbox eventType of the doc page to messages.received, keeping the raw type', () => {
    // Prepare
    const inner = innerOf('wix.crm.inbox.v2.message_message_sent_to_business');
    const event = deliverInner('wix.crm.inbox.v2.message_message-sent-to-business', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toHaveLength(1);
    expect(matches[0]?.trigger).toBe('messages.received');
    expect(matches[0]?.context.event.type).toBe('wix.crm.inbox.v2.message_message-sent-to-business');
    expect(matches[0]?.context.entity).toEqual({
      ...(pathOf(inner, 'actionEvent', 'body', 'message') as object),
      conversationId: stringAt(inner, 'actionEvent', 'body', 'conversationId'),
    });
  });

  it('returns no match for an eventType outside the catalogue', () => {
    // Prepare
    const event = deliverInner('wix.bookings.v2.booking_number_of_participants_updated', {
      id: 'e1',
      entityFqdn: 'wix.bookings.v2.booking',
      slug: 'number_of_participants_updated',
      entityId: 'b1',
      actionEvent: { body: { booking: { id: 'b1' } } },
    });

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches).toEqual([]);
  });

  it('falls back to the inner entityFqdn and slug when the envelope spells the eventType unexpectedly', () => {
    // Prepare
    const inner = innerOf('wix.contacts.v4.contact_created');
    const event = deliverInner('wix.contacts.v4.Contact-Created', inner);

    // Act
    const matches = resolveTriggers(event);

    // Assess
    expect(matches.map((m) => [m.trigger, m.context.entityId])).toEqual([
      ['contacts.created', inner.entityId],
    ]);
  });

  it.each([
    ['wix.categories.v1.category_created', 'collections.created', 'createdEvent', 'entity'],
    ['wix.categories.v1.category_updated', 'collections.updated', 'updatedEvent', 'currentEntity'],
    ['wix.categories.v1.category_deleted', 'collections.deleted', 'deletedEvent', 'deletedEntity'],
  ])('maps a Catalog V3 %s event to %s', (eventType, trigger, holder, field) => {
    // Prepare
    const category = pathOf(loadRestFixture('categories.CreateCategory'), 'responseExample', 'category');
    const id = stringAt(category, 'id');
    const slug = eventType.slice(eventType.lastIndexOf('_') + 1);
    const inner = {
      id: 'e0c5a1a4-0000-4000-8000-000000000001',
      entityFqdn: 'wix.categories.v1.category',
      slug,
      entityId: id,
      [holder]: { [field]: category },
    };

    // Act
    const matches = resolveTriggers(deliverInner(eventType, inner));

    // Assess
    expect(matches.map((m) => [m.trigger, m.context.entityId, m.context.entity])).toEqual([
      [trigger, id, category],
    ]);
  });

  it('maps a Forms v4 submission_created event to forms.submitted with the submission id', () => {
    // Prepare
    const submission = pathOf(
      loadRestFixture('form-submissions.GetSubmission'),
      'responseExample',
      'submission',
    );
    const id = stringAt(submission, 'id');
    const inner = {
      id: 'e0c5a1a4-0000-4000-8000-000000000002',
      entityFqdn: 'wix.forms.v4.submission',
      slug: 'created',
      entityId: id,
      createdEvent: { entityAsJson: JSON.stringify(submission) },
    };

    // Act
    const matches = resolveTriggers(deliverInner('wix.forms.v4.submission_created', inner));

    // Assess
    expect(matches.map((m) => [m.trigger, m.context.entityId, m.context.entity])).toEqual([
      ['forms.submitted', id, submission],
    ]);
  });

  // Wix documents no Catalog V3 product webhook example; these follow the standardized shape of §2.3.
  const v3Product = { id: '7e4f023f-53d2-70da-30bb-31662b3c095f', name: 'Shoe', visible: true };
  it.each([
    [
      'wix.stores.catalog.v3.product_created',
      'products.created',
      { createdEvent: { entity: v3Product } },
      v3Product,
    ],
    [
      'wix.stores.catalog.v3.product_updated',
      'products.updated',
      { updatedEvent: { currentEntity: v3Product } },
      v3Product,
    ],
    ['wix.stores.catalog.v3.product_deleted', 'products.deleted', { deletedEvent: {} }, undefined],
  ])('maps a Catalog V3 %s event to %s', (eventType, trigger, body, entity) => {
    // Prepare
    const slug = eventType.slice(eventType.lastIndexOf('_') + 1);
    const inner = {
      id: 'e0c5a1a4-0000-4000-8000-000000000003',
      entityFqdn: 'wix.stores.catalog.v3.product',
      slug,
      entityId: v3Product.id,
      ...body,
    };

    // Act
    const matches = resolveTriggers(deliverInner(eventType, inner));

    // Assess
    expect(matches.map((m) => [m.trigger, m.context.entityId, m.context.entity])).toEqual([
      [trigger, v3Product.id, entity],
    ]);
  });

  it('names a legacy form submission by its event id, stable across a re-signed re-send', () => {
    // Prepare
    const fixture = loadWebhookFixture('com.wixpress.formbuilder.api.v1.FormSubmittedEvent');
    const example = fixture.examples[0];
    if (example === undefined) throw new Error('fixture has no example');

    // Act
    const first = resolveTriggers(deliverExample(example, 'ignored'));
    const resent = resolveTriggers(deliverExample(example, 'ignored'));

    // Assess
    expect(first[0]?.context.entityId).toMatch(/^sha256:/);
    expect(first[0]?.context.entityId).toBe(first[0]?.context.event.id);
    expect(resent[0]?.context.entityId).toBe(first[0]?.context.entityId);
  });
});
