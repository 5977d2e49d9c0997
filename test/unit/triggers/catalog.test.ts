import { describe, expect, it } from 'vitest';
import { checkRule } from '#shared/rules/apply-rules.ts';
import type { Rule } from '#shared/rules/rule-schema.ts';
import {
  eventTypesFor,
  isCatalogTrigger,
  listTriggers,
  normaliseEventType,
  TriggerCatalog,
  type TriggerName,
  triggersForEventType,
} from '#shared/triggers/catalog.ts';

/** The trigger names users type into rules (docs/contracts.md#catalogue). */
const PRODUCT_TRIGGERS = [
  'contacts.created',
  'contacts.updated',
  'contacts.deleted',
  'carts.created',
  'carts.completed',
  'carts.abandoned',
  'collections.created',
  'collections.updated',
  'collections.deleted',
  'products.created',
  'products.updated',
  'products.deleted',
  'orders.created',
  'orders.paid',
  'orders.canceled',
  'orders.fulfilled',
  'fulfillments.created',
  'fulfillments.updated',
  'forms.submitted',
  'messages.received',
  'app.installed',
  'app.removed',
];

/** Catalogue gaps the 2026-12 audit found in the store and CRM domains (current Wix events users reach for). */
const AUDIT_TRIGGERS = [
  'contacts.merged',
  'orders.updated',
  'carts.updated',
  'carts.recovered',
  'checkouts.created',
  'checkouts.updated',
  'forms.updated',
  'forms.deleted',
  'forms.statusUpdated',
  'payments.refunded',
  'payments.updated',
];

/** The business apps beyond the store (docs: README "The catalogue"). */
const BUSINESS_TRIGGERS = [
  ...['created', 'confirmed', 'declined', 'canceled', 'rescheduled', 'updated'].map((e) => `bookings.${e}`),
  ...['created', 'updated', 'published', 'canceled', 'started', 'ended'].map((e) => `events.${e}`),
  ...['created', 'updated', 'deleted'].map((e) => `eventGuests.${e}`),
  ...['created', 'updated', 'deleted'].map((e) => `rsvps.${e}`),
  ...['confirmed', 'updated', 'deleted'].map((e) => `ticketOrders.${e}`),
  ...['purchased', 'canceled', 'ended', 'autoRenewCanceled'].map((e) => `pricingPlans.${e}`),
  ...['created', 'updated', 'deleted'].map((e) => `members.${e}`),
  'loyalty.accountCreated',
  'loyalty.pointsUpdated',
  ...['created', 'updated', 'overdue'].map((e) => `tasks.${e}`),
  'inventory.changed',
  'blog.postPublished',
  'blog.postUpdated',
];

describe('TriggerCatalog', () => {
  it('lists exactly the triggers of the product brief, each described and tied to a Make module', () => {
    // Prepare
    const expected = [...PRODUCT_TRIGGERS, ...AUDIT_TRIGGERS, ...BUSINESS_TRIGGERS].sort();

    // Act
    const triggers = listTriggers();

    // Assess
    expect(triggers.map((t) => t.name).sort()).toEqual(expected);
    for (const trigger of triggers) {
      expect(trigger.description).not.toBe('');
      expect(trigger.makeModule).not.toBe('');
      expect(trigger.eventTypes.current.length + trigger.eventTypes.legacy.length).toBeGreaterThan(0);
    }
  });

  it('tells catalogue names from raw Wix eventTypes and inherited object keys', () => {
    // Prepare
    const candidates = [
      'products.created',
      'app.removed',
      'wix.ecom.v1.order_created',
      'OrderPaid',
      'toString',
      '',
    ];

    // Act
    const answers = candidates.map(isCatalogTrigger);

    // Assess
    expect(answers).toEqual([true, true, false, false, false, false]);
  });

  it('accepts both legacy spellings of the UNCONFIRMED Stores Order Created eventType', () => {
    // Act
    const types = eventTypesFor('orders.created');

    // Assess
    expect(types).toEqual({
      current: ['wix.ecom.v1.order_created', 'wix.ecom.v1.order_approved'],
      legacy: ['OrderEvent', 'com.wix.ecommerce.orders.api.v2.OrderEvent'],
    });
  });

  it('accepts the Inbox v2 (both spellings) and Chat v1 message eventTypes for messages.received', () => {
    // Act
    const types = eventTypesFor('messages.received');

    // Assess
    expect(types.current).toEqual([
      'wix.crm.inbox.v2.message_message_sent_to_business',
      'wix.crm.inbox.v2.message_message-sent-to-business',
      'wix.chat.v1.message_message_sent_to_business',
    ]);
  });

  it('hands out copies, so a caller cannot alter the catalogue', () => {
    // Prepare
    const types = eventTypesFor('products.created');

    // Act
    types.current.push('tampered');

    // Assess
    expect(eventTypesFor('products.created').current).toEqual(['wix.stores.catalog.v3.product_created']);
  });

  it('maps every eventType of every trigger back to that trigger', () => {
    // Prepare
    const pairs = listTriggers().flatMap((t) =>
      [...t.eventTypes.current, ...t.eventTypes.legacy].map((eventType) => [t.name, eventType] as const),
    );

    // Act
    const missing = pairs.filter(([name, eventType]) => !triggersForEventType(eventType).includes(name));

    // Assess
    expect(pairs.length).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('routes fulfillments_updated to both fulfillment triggers and nothing else', () => {
    // Act
    const triggers = triggersForEventType('wix.ecom.v1.fulfillments_updated');

    // Assess
    expect(triggers).toEqual(['fulfillments.created', 'fulfillments.updated']);
  });

  it('knows the entity kind of each trigger family', () => {
    // Act
    const kinds = Object.fromEntries(listTriggers().map((t) => [t.name, t.entity]));

    // Assess
    expect(kinds).toMatchObject({
      'contacts.deleted': 'contact',
      'carts.abandoned': 'cart',
      'collections.updated': 'collection',
      'products.created': 'product',
      'orders.paid': 'order',
      'fulfillments.updated': 'fulfillment',
      'forms.submitted': 'submission',
      'messages.received': 'message',
      'app.installed': 'app',
    });
    expect(TriggerCatalog['orders.fulfilled'].makeModule).toBe('Watch Orders');
  });

  it('names every trigger <domain>.<event> in camelCase', () => {
    // Act
    const misnamed = listTriggers()
      .map((t) => t.name)
      .filter((name) => !/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/.test(name));

    // Assess
    expect(misnamed).toEqual([]);
  });

  it('accepts both the SDK and the REST-docs spelling of the Events V3 action events', () => {
    // Act
    const types = ['published', 'canceled', 'started', 'ended'].map((e) =>
      eventTypesFor(`events.${e}` as TriggerName),
    );

    // Assess
    expect(types.map((t) => t.current)).toEqual(
      ['published', 'canceled', 'started', 'ended'].map((e) => [
        `wix.events.v3.event_${e}`,
        `wix.events.v3.event_event_${e}`,
      ]),
    );
  });

  it('takes Catalog V1 and V3 inventory events for inventory.changed', () => {
    // Act
    const types = eventTypesFor('inventory.changed');

    // Assess
    expect(types).toEqual({
      current: ['wix.stores.catalog.v3.inventory_item_updated'],
      legacy: [
        'com.wix.ecommerce.inventory.api.v1.InventoryVariantsChanged',
        'com.wix.ecommerce.inventory.api.v1.InventoryItemChanged',
      ],
    });
  });

  it('gives each eventType at most one trigger, except fulfillments_updated', () => {
    // Prepare
    const eventTypes = listTriggers().flatMap((t) => [...t.eventTypes.current, ...t.eventTypes.legacy]);

    // Act
    const shared = [...new Set(eventTypes)].filter((eventType) => triggersForEventType(eventType).length > 1);

    // Assess
    expect(shared).toEqual(['wix.ecom.v1.fulfillments_updated']);
  });
});

describe('rules apply: unknown trigger names', () => {
  const ruleNaming = (trigger: string): Rule => ({
    id: 'typo',
    connection: '*',
    trigger,
    actions: [{ id: 'log', module: 'contacts.get', input: { contactId: '{{ trigger.entityId }}' } }],
    enabled: true,
  });

  it.each([
    ['bookings.cancelled', 'bookings.canceled'],
    ['booking.confirmed', 'bookings.confirmed'],
    ['pricingplans.purchased', 'pricingPlans.purchased'],
    ['ticketOrder.confirmed', 'ticketOrders.confirmed'],
    ['loyalty.pointUpdated', 'loyalty.pointsUpdated'],
    ['events.publish', 'events.published'],
    ['payments.refund', 'payments.refunded'],
    ['forms.statusUpdate', 'forms.statusUpdated'],
    ['blog.postPublish', 'blog.postPublished'],
  ])('suggests %s → %s', (typo, suggestion) => {
    // Act
    const problems = checkRule(ruleNaming(typo));

    // Assess
    expect(problems).toContainEqual({
      ruleId: 'typo',
      path: 'trigger',
      reason: `unknown trigger "${typo}" (did you mean ${suggestion}?); run \`wixflow triggers\``,
    });
  });

  it.each(BUSINESS_TRIGGERS)('accepts %s', (trigger) => {
    // Act
    const problems = checkRule(ruleNaming(trigger)).filter((p) => p.path === 'trigger');

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('normaliseEventType', () => {
  it.each([
    [
      'wix.crm.inbox.v2.message_message-sent-to-business',
      'wix.crm.inbox.v2.message_message_sent_to_business',
    ],
    [
      'wix.crm.inbox.v2.message_message_sent_to_business',
      'wix.crm.inbox.v2.message_message_sent_to_business',
    ],
    ['wix.contacts.v4.extended-field_created', 'wix.contacts.v4.extended_field_created'],
    [' OrderPaid ', 'OrderPaid'],
    ['com.wix.ecommerce.catalog.api.v1.ProductCreated', 'com.wix.ecommerce.catalog.api.v1.ProductCreated'],
  ])('spells %s as %s', (raw, expected) => {
    // Act
    const normalised = normaliseEventType(raw);

    // Assess
    expect(normalised).toBe(expected);
  });

  it('leaves hyphens outside the entity_slug segment alone', () => {
    // Act
    const normalised = normaliseEventType('wix.some-domain.v1.thing_was-made');

    // Assess
    expect(normalised).toBe('wix.some-domain.v1.thing_was_made');
  });
});
