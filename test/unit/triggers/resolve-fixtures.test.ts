import { describe, expect, it } from 'vitest';
import { triggersForEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { legacyEventId } from '#shared/wix/webhook/verify.ts';
import {
  deliverExample,
  envelopeOf,
  listWebhookFixtures,
  loadWebhookFixture,
  pathOf,
  stringAt,
  type WebhookExample,
} from '../../support/webhooks.ts';

interface ExpectedMatch {
  trigger: string;
  entityId: string;
}

interface Expectation {
  /** The eventType to deliver under when the fixture's is null (legacy Order Created). */
  eventType?: string;
  /** What the example must resolve to, read from the example itself (inner payload and envelope). */
  matches: (inner: unknown, envelope: { eventType: string; instanceId: string }) => ExpectedMatch[];
}

const one =
  (trigger: string, ...path: string[]): Expectation['matches'] =>
  (inner) => [{ trigger, entityId: stringAt(inner, ...path) }];

/** Like pathOf, reading through the `*AsJson` strings Wix's examples nest entities in. */
function jsonPathOf(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current === 'string') current = JSON.parse(current);
    current = pathOf(current, key);
  }
  return current;
}

/** One match whose entity id is read from the documented example at `path` (through `*AsJson` strings). */
const oneAt =
  (trigger: string, ...path: string[]): Expectation['matches'] =>
  (inner) => {
    const entityId = jsonPathOf(inner, ...path);
    if (typeof entityId !== 'string') throw new Error(`no string at ${path.join('.')}`);
    return [{ trigger, entityId }];
  };

/** Every Wix-documented example of a catalogue webhook, and what wixflow must make of it. */
const EXPECTATIONS: Record<string, Expectation> = {
  'wix.contacts.v4.contact_created': { matches: one('contacts.created', 'entityId') },
  'wix.contacts.v4.contact_updated': { matches: one('contacts.updated', 'entityId') },
  'wix.contacts.v4.contact_deleted': { matches: one('contacts.deleted', 'entityId') },
  'wix.ecom.v1.cart_created': { matches: one('carts.created', 'entityId') },
  'com.wix.ecommerce.cart.api.v1.CartCreatedEvent': { matches: one('carts.created', 'cartId') },
  'wix.ecom.v1.checkout_completed': {
    matches: one('carts.completed', 'actionEvent', 'body', 'checkout', 'cartId'),
  },
  'com.wix.ecommerce.cart.api.v1.CartCompletedEvent': { matches: one('carts.completed', 'cartId') },
  'wix.ecom.v1.abandoned_checkout_created': {
    matches: one('carts.abandoned', 'createdEvent', 'entityAsJson', 'cartId'),
  },
  'com.wix.ecommerce.catalog.api.v1.CollectionCreated': {
    matches: one('collections.created', 'collectionId'),
  },
  'com.wix.ecommerce.catalog.api.v1.CollectionChanged': {
    matches: one('collections.updated', 'collectionId'),
  },
  'com.wix.ecommerce.catalog.api.v1.CollectionDeleted': {
    matches: one('collections.deleted', 'collectionId'),
  },
  'com.wix.ecommerce.catalog.api.v1.ProductCreated': { matches: one('products.created', 'productId') },
  'com.wix.ecommerce.catalog.api.v1.ProductChanged': { matches: one('products.updated', 'productId') },
  'com.wix.ecommerce.catalog.api.v1.ProductDeleted': { matches: one('products.deleted', 'productId') },
  'wix.ecom.v1.order_created': { matches: one('orders.created', 'entityId') },
  'wix.ecom.v1.order_approved': { matches: one('orders.created', 'entityId') },
  'wixStores-order-new-with-content.OrderCreated': {
    eventType: 'OrderEvent',
    matches: one('orders.created', 'orderId'),
  },
  'wix.ecom.v1.order_payment_status_updated': { matches: one('orders.paid', 'entityId') },
  OrderPaid: { matches: one('orders.paid', 'order', 'id') },
  'wix.ecom.v1.order_canceled': { matches: one('orders.canceled', 'entityId') },
  OrderCanceled: { matches: one('orders.canceled', 'order', 'id') },
  'wix.ecom.v1.order_fulfilled': { matches: one('orders.fulfilled', 'entityId') },
  'wix.ecom.v1.fulfillments_updated': {
    matches: (inner) => {
      const fulfillments = pathOf(inner, 'updatedEvent', 'currentEntity', 'fulfillments');
      const ids = Array.isArray(fulfillments) ? fulfillments.map((f: unknown) => stringAt(f, 'id')) : [];
      return [
        ...ids.map((entityId) => ({ trigger: 'fulfillments.created', entityId })),
        {
          trigger: 'fulfillments.updated',
          entityId: stringAt(inner, 'updatedEvent', 'currentEntity', 'orderId'),
        },
      ];
    },
  },
  FulfillmentCreated: { matches: one('fulfillments.created', 'fulfillmentId') },
  FulfillmentUpdated: { matches: one('fulfillments.updated', 'fulfillmentId') },
  'com.wixpress.formbuilder.api.v1.FormSubmittedEvent': {
    // No submission id in the legacy payload: the submission is named by its event id (a payload hash).
    matches: (inner, envelope) => [
      { trigger: 'forms.submitted', entityId: legacyEventId(envelope.eventType, envelope.instanceId, inner) },
    ],
  },
  'wix.crm.inbox.v2.message_message_sent_to_business': {
    matches: one('messages.received', 'actionEvent', 'body', 'message', 'id'),
  },
  'wix.chat.v1.message_message_sent_to_business': {
    matches: one('messages.received', 'actionEvent', 'bodyAsJson', 'message', 'id'),
  },
  // Issue 13: current events of the store and CRM domains.
  'wix.contacts.v4.contact_merged': {
    matches: oneAt('contacts.merged', 'actionEvent', 'bodyAsJson', 'targetContactId'),
  },
  'wix.ecom.v1.cart_updated': { matches: oneAt('carts.updated', 'updatedEvent', 'currentEntity', 'id') },
  // Wix's example puts the abandoned checkout itself in the body; the SDK types it as `{abandonedCheckout}`.
  'wix.ecom.v1.abandoned_checkout_recovered': {
    matches: oneAt('carts.recovered', 'actionEvent', 'bodyAsJson', 'cartId'),
  },
  'wix.ecom.v1.checkout_created': { matches: oneAt('checkouts.created', 'createdEvent', 'entity', 'id') },
  'wix.ecom.v1.checkout_updated': {
    matches: oneAt('checkouts.updated', 'updatedEvent', 'currentEntity', 'id'),
  },
  'wix.ecom.v1.order_updated': { matches: one('orders.updated', 'entityId') },
  // Issue 16: the business apps.
  'wix.bookings.v2.booking_created': {
    matches: oneAt('bookings.created', 'createdEvent', 'entityAsJson', 'id'),
  },
  'wix.bookings.v2.booking_confirmed': {
    matches: oneAt('bookings.confirmed', 'actionEvent', 'bodyAsJson', 'booking', 'id'),
  },
  'wix.bookings.v2.booking_declined': {
    matches: oneAt('bookings.declined', 'actionEvent', 'bodyAsJson', 'booking', 'id'),
  },
  'wix.bookings.v2.booking_canceled': {
    matches: oneAt('bookings.canceled', 'actionEvent', 'bodyAsJson', 'booking', 'id'),
  },
  'wix.bookings.v2.booking_rescheduled': {
    matches: oneAt('bookings.rescheduled', 'actionEvent', 'bodyAsJson', 'booking', 'id'),
  },
  'wix.bookings.v2.booking_updated': {
    matches: oneAt('bookings.updated', 'updatedEvent', 'currentEntityAsJson', 'id'),
  },
  'wix.events.v3.event_created': { matches: oneAt('events.created', 'createdEvent', 'entityAsJson', 'id') },
  'wix.events.v3.event_updated': {
    matches: oneAt('events.updated', 'updatedEvent', 'currentEntityAsJson', 'id'),
  },
  'wix.events.v3.event_event_published': { matches: one('events.published', 'entityId') },
  'wix.events.v3.event_event_canceled': {
    matches: oneAt('events.canceled', 'actionEvent', 'bodyAsJson', 'eventId'),
  },
  'wix.events.v3.event_event_started': {
    matches: oneAt('events.started', 'actionEvent', 'bodyAsJson', 'eventId'),
  },
  'wix.events.v3.event_event_ended': {
    matches: oneAt('events.ended', 'actionEvent', 'bodyAsJson', 'eventId'),
  },
  'wix.events.guests.v1.guest_created': {
    matches: oneAt('eventGuests.created', 'createdEvent', 'entityAsJson', 'id'),
  },
  'wix.events.guests.v1.guest_updated': {
    matches: oneAt('eventGuests.updated', 'updatedEvent', 'currentEntityAsJson', 'id'),
  },
  'wix.events.guests.v1.guest_deleted': { matches: one('eventGuests.deleted', 'entityId') },
  'wix.events.rsvp.events.RsvpCreated': { matches: one('rsvps.created', 'rsvpId') },
  'wix.events.rsvp.events.RsvpUpdated': { matches: one('rsvps.updated', 'rsvpId') },
  'wix.events.rsvp.events.RsvpDeleted': { matches: one('rsvps.deleted', 'rsvpId') },
  'wix.events.ticketing.events.OrderConfirmed': { matches: one('ticketOrders.confirmed', 'orderNumber') },
  'wix.events.ticketing.events.OrderUpdated': { matches: one('ticketOrders.updated', 'orderNumber') },
  'wix.events.ticketing.events.OrderDeleted': { matches: one('ticketOrders.deleted', 'orderNumber') },
  'wix.pricing_plans.v2.order_purchased': {
    matches: one('pricingPlans.purchased', 'actionEvent', 'body', 'order', 'id'),
  },
  'wix.pricing_plans.v2.order_canceled': {
    matches: one('pricingPlans.canceled', 'actionEvent', 'body', 'order', 'id'),
  },
  'wix.pricing_plans.v2.order_ended': {
    matches: one('pricingPlans.ended', 'actionEvent', 'body', 'order', 'id'),
  },
  'wix.pricing_plans.v2.order_auto_renew_canceled': {
    matches: one('pricingPlans.autoRenewCanceled', 'actionEvent', 'body', 'order', 'id'),
  },
  'wix.members.v1.member_created': { matches: one('members.created', 'createdEvent', 'entity', 'id') },
  'wix.members.v1.member_updated': {
    matches: one('members.updated', 'updatedEvent', 'currentEntity', 'id'),
  },
  // Wix's example reports the deletion as an action event with an empty body.
  'wix.members.v1.member_deleted': { matches: one('members.deleted', 'entityId') },
  // Wix's loyalty examples carry an entity whose own id differs from the event's entityId; the event's is used.
  'wix.loyalty.v1.account_created': { matches: one('loyalty.accountCreated', 'entityId') },
  'wix.loyalty.v1.account_points_updated': { matches: one('loyalty.pointsUpdated', 'entityId') },
  'wix.crm.tasks.v2.task_created': { matches: oneAt('tasks.created', 'createdEvent', 'entityAsJson', 'id') },
  'wix.crm.tasks.v2.task_updated': {
    matches: oneAt('tasks.updated', 'updatedEvent', 'currentEntityAsJson', 'id'),
  },
  'wix.crm.tasks.v2.task_task_overdue': {
    matches: oneAt('tasks.overdue', 'actionEvent', 'bodyAsJson', 'task', 'id'),
  },
  // One example of each names the product only by `externalId`, the deprecated name of `productId`.
  'com.wix.ecommerce.inventory.api.v1.InventoryItemChanged': {
    matches: (inner) => [
      {
        trigger: 'inventory.changed',
        entityId:
          pathOf(inner, 'productId') === undefined
            ? stringAt(inner, 'externalId')
            : stringAt(inner, 'productId'),
      },
    ],
  },
  'com.wix.ecommerce.inventory.api.v1.InventoryVariantsChanged': {
    matches: (inner) => [
      {
        trigger: 'inventory.changed',
        entityId:
          pathOf(inner, 'productId') === undefined
            ? stringAt(inner, 'externalId')
            : stringAt(inner, 'productId'),
      },
    ],
  },
  'wix.blog.v3.post_created': {
    matches: oneAt('blog.postPublished', 'createdEvent', 'entityAsJson', 'id'),
  },
  'wix.blog.v3.post_updated': {
    matches: oneAt('blog.postUpdated', 'updatedEvent', 'currentEntityAsJson', 'id'),
  },
  AppInstalled: {
    matches: (_inner, envelope) => [{ trigger: 'app.installed', entityId: envelope.instanceId }],
  },
  AppRemoved: { matches: (_inner, envelope) => [{ trigger: 'app.removed', entityId: envelope.instanceId }] },
};

interface Case {
  /** `<fixture file> #n (form)`, the test's name. */
  name: string;
  file: string;
  form: WebhookExample['form'];
  eventType: string;
  example: WebhookExample;
}

const toCase = (file: string, index: number, eventType: string, example: WebhookExample): Case => ({
  name: `${file} #${index + 1} (${example.form})`,
  file,
  form: example.form,
  eventType,
  example,
});

const fixtures = listWebhookFixtures().map(loadWebhookFixture);

const catalogueCases: Case[] = fixtures.flatMap((fixture) => {
  const expectation = EXPECTATIONS[fixture.file];
  const eventType = fixture.eventType ?? expectation?.eventType;
  if (expectation === undefined || eventType === undefined) return [];
  return fixture.examples.map((example, index) => toCase(fixture.file, index, eventType, example));
});

const siblingCases: Case[] = fixtures.flatMap((fixture) => {
  const { eventType } = fixture;
  if (eventType === null || triggersForEventType(eventType).length > 0) return [];
  return fixture.examples.map((example, index) => toCase(fixture.file, index, eventType, example));
});

describe('resolveTriggers on Wix-documented webhook examples', () => {
  it('covers every documented example of every catalogue webhook', () => {
    // Prepare
    const catalogueFilesWithExamples = fixtures
      .filter(
        (f) => f.examples.length > 0 && f.eventType !== null && triggersForEventType(f.eventType).length > 0,
      )
      .map((f) => f.file);

    // Act
    const covered = new Set(catalogueCases.map((c) => c.file));

    // Assess
    expect(catalogueFilesWithExamples.filter((file) => !covered.has(file))).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((file) => !covered.has(file))).toEqual([]);
    expect(catalogueCases.length).toBeGreaterThanOrEqual(120);
  });

  it.each(catalogueCases.map((c) => [c.name, c] as const))(
    'maps %s to its trigger and entity id',
    (_name, c) => {
      // Prepare
      const envelope = envelopeOf(c.example, c.eventType);
      const event = deliverExample(c.example, c.eventType);
      const expected = EXPECTATIONS[c.file]?.matches(event.data, envelope) ?? [];

      // Act
      const matches = resolveTriggers(event);

      // Assess
      expect(expected.length).toBeGreaterThan(0);
      expect(matches.map((m) => ({ trigger: m.trigger, entityId: m.context.entityId }))).toEqual(expected);
      for (const match of matches) {
        expect(match.context.event).toEqual({
          // Wix's id (a legacy event's hash), also for a creation the event log keeps under its change's id.
          id: event.originalEventId ?? event.eventId,
          type: envelope.eventType,
          instanceId: envelope.instanceId,
          time: event.time,
          source: 'webhook',
        });
        expect(match.context.raw).toBe(event.data);
      }
    },
  );

  it.each(siblingCases.map((c) => [c.name, c] as const))(
    'fires no catalogue trigger for the sibling %s',
    (_name, c) => {
      // Prepare
      const event = deliverExample(c.example, c.eventType);

      // Act
      const matches = resolveTriggers(event);

      // Assess
      expect(matches).toEqual([]);
    },
  );
});
