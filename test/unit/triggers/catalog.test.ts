import { describe, expect, it } from 'vitest';
import {
  eventTypesFor,
  isCatalogTrigger,
  listTriggers,
  normaliseEventType,
  TriggerCatalog,
  triggersForEventType,
} from '#shared/triggers/catalog.ts';

/** The trigger names of PRODUCT.md §3, a contract users type into rules. */
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

describe('TriggerCatalog', () => {
  it('lists exactly the triggers of the product brief, each described and tied to a Make module', () => {
    // Prepare
    const expected = [...PRODUCT_TRIGGERS].sort();

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
