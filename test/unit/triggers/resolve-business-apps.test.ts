import { describe, expect, it } from 'vitest';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import {
  copyJson,
  deliver,
  loadRestFixture,
  loadWebhookFixture,
  pathOf,
  stringAt,
  TEST_INSTANCE_ID,
} from '../../support/webhooks.ts';

/** A documented example of a fixture file, as its decoded inner payload. */
function innerOf(file: string, index = 0): Record<string, unknown> {
  const example = loadWebhookFixture(file).examples[index];
  if (example === undefined || example.form !== 'inner')
    throw new Error(`${file} has no inner example #${index}`);
  return copyJson(example.payload) as Record<string, unknown>;
}

const deliverInner = (eventType: string, data: unknown) =>
  deliver({ eventType, instanceId: TEST_INSTANCE_ID, data });

const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** What rules see of each match: trigger, entityId and entity. */
const seen = (eventType: string, inner: unknown) =>
  resolveTriggers(deliverInner(eventType, inner)).map((m) => [
    m.trigger,
    m.context.entityId,
    m.context.entity,
  ]);

/** A standardized event as Wix's SDK types it, for event types Wix documents without an example. */
const domainEvent = (entityFqdn: string, slug: string, entityId: string, body: Record<string, unknown>) => ({
  id: 'e0c5a1a4-0000-4000-8000-00000000b001',
  entityFqdn,
  slug,
  entityId,
  ...body,
  eventTime: '2026-12-03T10:00:00.000Z',
  triggeredByAnonymizeRequest: false,
});

describe('resolveTriggers: the entity of business-app action events', () => {
  it.each([
    ['wix.bookings.v2.booking_confirmed', 'bookings.confirmed', 'booking'],
    ['wix.bookings.v2.booking_canceled', 'bookings.canceled', 'booking'],
    ['wix.crm.tasks.v2.task_task_overdue', 'tasks.overdue', 'task'],
  ])('exposes the %s body’s %s as trigger.entity', (eventType, trigger, key) => {
    // Prepare
    const inner = innerOf(eventType);
    const body = parsed(pathOf(inner, 'actionEvent', 'bodyAsJson'));
    const entity = pathOf(body, key);

    // Act
    const matches = seen(eventType, inner);

    // Assess
    expect(matches).toEqual([[trigger, stringAt(entity, 'id'), entity]]);
  });

  it('exposes the plan order of a pricing plan purchase, whose buyer is its contact', () => {
    // Prepare
    const inner = innerOf('wix.pricing_plans.v2.order_purchased');
    const order = pathOf(inner, 'actionEvent', 'body', 'order');

    // Act
    const [match] = resolveTriggers(deliverInner('wix.pricing_plans.v2.order_purchased', inner));

    // Assess
    expect(match?.context.entity).toEqual(order);
    expect(pathOf(match?.context.entity, 'buyer', 'contactId')).toEqual(expect.any(String));
  });

  it('exposes the loyalty account of points_updated, with the contact it belongs to', () => {
    // Prepare
    const inner = innerOf('wix.loyalty.v1.account_points_updated');
    const account = pathOf(inner, 'actionEvent', 'body', 'account');

    // Act
    const matches = seen('wix.loyalty.v1.account_points_updated', inner);

    // Assess
    expect(matches).toEqual([['loyalty.pointsUpdated', stringAt(inner, 'entityId'), account]]);
    expect(stringAt(account, 'contactId')).toBe('87bbd811-f753-4de4-994d-69b24d22cb56');
  });

  it('keeps the whole merge body for contacts.merged, naming the target contact', () => {
    // Prepare
    const inner = innerOf('wix.contacts.v4.contact_merged');
    const body = parsed(pathOf(inner, 'actionEvent', 'bodyAsJson'));

    // Act
    const matches = seen('wix.contacts.v4.contact_merged', inner);

    // Assess
    expect(matches).toEqual([['contacts.merged', stringAt(body, 'targetContactId'), body]]);
    expect(pathOf(body, 'sourceContactIds')).toEqual(['8e2070c3-10dd-40eb-bf81-ab01b4e41e28']);
  });

  it('has no entity for a member deletion, in the documented action form and the deletedEvent form', () => {
    // Prepare
    const documented = innerOf('wix.members.v1.member_deleted');
    const asDeletedEvent = { ...copyJson(documented), actionEvent: undefined, deletedEvent: {} };

    // Act
    const fromAction = seen('wix.members.v1.member_deleted', documented);
    const fromDeleted = seen('wix.members.v1.member_deleted', asDeletedEvent);

    // Assess
    expect(fromAction).toEqual([['members.deleted', stringAt(documented, 'entityId'), undefined]]);
    expect(fromDeleted).toEqual(fromAction);
  });

  it('reads a recovered abandoned checkout both as Wix documents it and as its SDK types it', () => {
    // Prepare
    const documented = innerOf('wix.ecom.v1.abandoned_checkout_recovered');
    const checkout = parsed(pathOf(documented, 'actionEvent', 'bodyAsJson'));
    const asSdkTypesIt = { ...copyJson(documented), actionEvent: { body: { abandonedCheckout: checkout } } };

    // Act
    const fromDoc = seen('wix.ecom.v1.abandoned_checkout_recovered', documented);
    const fromSdk = seen('wix.ecom.v1.abandoned_checkout_recovered', asSdkTypesIt);

    // Assess
    expect(fromDoc).toEqual([['carts.recovered', stringAt(checkout, 'cartId'), checkout]]);
    expect(fromSdk).toEqual(fromDoc);
  });

  it('names a checkout by its own id for checkouts.*, while carts.completed names its cart', () => {
    // Prepare
    const created = innerOf('wix.ecom.v1.checkout_created');
    const checkout = pathOf(created, 'createdEvent', 'entity');

    // Act
    const matches = seen('wix.ecom.v1.checkout_created', created);

    // Assess
    expect(matches).toEqual([['checkouts.created', stringAt(checkout, 'id'), checkout]]);
    expect(stringAt(checkout, 'cartId')).not.toBe(stringAt(checkout, 'id'));
  });
});

describe('resolveTriggers: event types spelled differently by Wix’s docs and its SDK', () => {
  it.each([
    ['published', 'wix.events.v3.event_event_published'],
    ['canceled', 'wix.events.v3.event_event_canceled'],
    ['started', 'wix.events.v3.event_event_started'],
    ['ended', 'wix.events.v3.event_event_ended'],
  ])('fires events.%s for the SDK spelling as for the documented %s', (event, documentedType) => {
    // Prepare
    const inner = innerOf(documentedType);
    const sdkType = `wix.events.v3.event_${event}`;

    // Act
    const fromDoc = seen(documentedType, inner);
    const fromSdk = seen(sdkType, inner);

    // Assess
    expect(fromDoc).toEqual([[`events.${event}`, stringAt(inner, 'entityId'), expect.any(Object)]]);
    expect(fromSdk).toEqual(fromDoc);
  });
});

describe('resolveTriggers: event types Wix documents without an example', () => {
  const rsvp = {
    id: '4160c868-35b8-49f3-bff2-9d3912be9c0a',
    revision: '1',
    eventId: '0adc383d-db6b-4c4a-8fb8-5fe77c6569bb',
    contactId: '2b1df22d-cfcf-447e-9afe-27b782aecd8c',
    firstName: 'John',
    lastName: 'Doe',
    email: 'john.doe@somedomain.com',
    status: 'YES',
  };
  it.each([
    ['created', { createdEvent: { entity: rsvp } }, rsvp],
    ['updated', { updatedEvent: { currentEntity: rsvp } }, rsvp],
    ['deleted', { deletedEvent: { deletedEntity: rsvp } }, rsvp],
  ])('maps an RSVP V2 rsvp_%s event to rsvps.%s with the rsvp id', (slug, body, entity) => {
    // Prepare
    const inner = domainEvent('wix.events.v2.rsvp', slug, rsvp.id, body);

    // Act
    const matches = seen(`wix.events.v2.rsvp_${slug}`, inner);

    // Assess
    expect(matches).toEqual([[`rsvps.${slug}`, rsvp.id, entity]]);
  });

  it('names the product, not the inventory item, for a Catalog V3 inventory_item_updated', () => {
    // Prepare
    const item = {
      id: 'b4f2c1d0-7e5a-4c3b-9a8d-1f2e3d4c5b6a',
      revision: '4',
      variantId: '00000000-0000-0000-0000-000000000000',
      locationId: 'c1f9f5a4-2b1e-4d8a-9e3f-5a6b7c8d9e0f',
      productId: '5376f9ec-b92e-efa9-e4a1-f4f480aa0d3a',
      trackQuantity: true,
      quantity: 3,
    };
    const inner = domainEvent('wix.stores.catalog.v3.inventory_item', 'updated', item.id, {
      updatedEvent: { currentEntity: item },
    });

    // Act
    const matches = seen('wix.stores.catalog.v3.inventory_item_updated', inner);

    // Assess
    expect(matches).toEqual([['inventory.changed', item.productId, item]]);
  });

  it('leaves inventory.changed without an entity id rather than naming the inventory item as a product', () => {
    // Prepare
    const item = { id: 'b4f2c1d0-7e5a-4c3b-9a8d-1f2e3d4c5b6a', quantity: 3 };
    const inner = domainEvent('wix.stores.catalog.v3.inventory_item', 'updated', item.id, {
      updatedEvent: { currentEntity: item },
    });

    // Act
    const matches = seen('wix.stores.catalog.v3.inventory_item_updated', inner);

    // Assess
    expect(matches).toEqual([['inventory.changed', undefined, item]]);
  });

  it.each([
    ['updated', 'forms.updated', { updatedEvent: { currentEntityAsJson: 'SUBMISSION' } }],
    ['deleted', 'forms.deleted', { deletedEvent: { deletedEntity: 'SUBMISSION' } }],
    [
      'status_updated',
      'forms.statusUpdated',
      { actionEvent: { body: { submission: 'SUBMISSION', previousStatus: 'PENDING' } } },
    ],
  ])('maps a Forms v4 submission_%s event to %s with the submission', (slug, trigger, shape) => {
    // Prepare
    const submission = pathOf(
      loadRestFixture('form-submissions.GetSubmission'),
      'responseExample',
      'submission',
    );
    const body = JSON.parse(
      JSON.stringify(shape).replace(
        '"SUBMISSION"',
        slug === 'updated' ? JSON.stringify(JSON.stringify(submission)) : JSON.stringify(submission),
      ),
    );
    const inner = domainEvent('wix.forms.v4.submission', slug, stringAt(submission, 'id'), body);

    // Act
    const matches = seen(`wix.forms.v4.submission_${slug}`, inner);

    // Assess
    expect(matches).toEqual([[trigger, stringAt(submission, 'id'), submission]]);
  });

  it('maps order_transactions_updated to payments.updated, named by the order', () => {
    // Prepare
    const orderTransactions = pathOf(
      loadRestFixture('order-transactions.ListTransactionsForSingleOrder'),
      'responseExample',
      'orderTransactions',
    );
    const orderId = stringAt(orderTransactions, 'orderId');
    const body = {
      orderTransactions,
      paymentIds: [stringAt(orderTransactions, 'payments', 0, 'id')],
      refundIds: [],
    };
    // The doc describes the event's entityId only as a "PaymentsUpdated ID": the order is read from the body.
    const inner = domainEvent(
      'wix.ecom.v1.order_transactions',
      'updated',
      'f0e1d2c3-0000-4000-8000-000000000001',
      {
        actionEvent: { body },
      },
    );

    // Act
    const matches = seen('wix.ecom.v1.order_transactions_updated', inner);

    // Assess
    expect(matches).toEqual([['payments.updated', orderId, body]]);
  });

  it('maps order_transactions_refund_completed to payments.refunded, named by the order', () => {
    // Prepare
    const orderTransactions = pathOf(
      loadRestFixture('order-transactions.ListTransactionsForSingleOrder'),
      'responseExample',
      'orderTransactions',
    );
    const orderId = stringAt(orderTransactions, 'orderId');
    const refund = pathOf(orderTransactions, 'refunds', 0);
    const body = { orderId, refund, sideEffects: { sendOrderRefundedEmail: true }, orderTransactions };
    const inner = domainEvent('wix.ecom.v1.order_transactions', 'refund_completed', orderId, {
      actionEvent: { bodyAsJson: JSON.stringify(body) },
    });

    // Act
    const matches = seen('wix.ecom.v1.order_transactions_refund_completed', inner);

    // Assess
    expect(matches).toEqual([['payments.refunded', orderId, body]]);
  });
});
