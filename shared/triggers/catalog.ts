/** What a trigger's `trigger.entityId` / `trigger.entity` describe. */
export type EntityKind =
  | 'contact'
  | 'cart'
  | 'collection'
  | 'product'
  | 'order'
  | 'fulfillment'
  | 'submission'
  | 'message'
  | 'app';

/** One catalogue entry: a rule `trigger:` name and the Wix webhooks that fire it. */
export interface TriggerDefinition {
  description: string;
  /** The module of Make's Wix app this trigger mirrors. */
  makeModule: string;
  entity: EntityKind;
  /** Wix eventTypes, as Wix spells them: today's standardized events and the legacy formats still delivered. */
  eventTypes: { current: readonly string[]; legacy: readonly string[] };
}

/** The trigger catalogue of PRODUCT.md §3: every rule `trigger:` name and the Wix eventTypes it accepts. */
export const TriggerCatalog = {
  'contacts.created': {
    description: 'A contact was created.',
    makeModule: 'Watch Contacts',
    entity: 'contact',
    eventTypes: { current: ['wix.contacts.v4.contact_created'], legacy: [] },
  },
  'contacts.updated': {
    description: 'A contact was updated.',
    makeModule: 'Watch Contacts',
    entity: 'contact',
    eventTypes: { current: ['wix.contacts.v4.contact_updated'], legacy: [] },
  },
  'contacts.deleted': {
    description: 'A contact was deleted (the payload carries only its id).',
    makeModule: 'Watch Contacts',
    entity: 'contact',
    eventTypes: { current: ['wix.contacts.v4.contact_deleted'], legacy: [] },
  },
  'carts.created': {
    description: 'A cart was created.',
    makeModule: 'Watch Carts',
    entity: 'cart',
    eventTypes: {
      current: ['wix.ecom.v1.cart_created'],
      legacy: ['com.wix.ecommerce.cart.api.v1.CartCreatedEvent'],
    },
  },
  'carts.completed': {
    description: "A cart's checkout was completed (entity: the checkout, or the legacy cart).",
    makeModule: 'Watch Carts',
    entity: 'cart',
    eventTypes: {
      current: ['wix.ecom.v1.checkout_completed'],
      legacy: ['com.wix.ecommerce.cart.api.v1.CartCompletedEvent'],
    },
  },
  'carts.abandoned': {
    description: 'A checkout was abandoned (entity: the abandoned checkout).',
    makeModule: 'Watch Carts',
    entity: 'cart',
    eventTypes: { current: ['wix.ecom.v1.abandoned_checkout_created'], legacy: [] },
  },
  'collections.created': {
    description: 'A store collection (Catalog V3: category) was created.',
    makeModule: 'Watch Collections',
    entity: 'collection',
    eventTypes: {
      current: ['wix.categories.v1.category_created'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.CollectionCreated'],
    },
  },
  'collections.updated': {
    description: 'A store collection (Catalog V3: category) was updated.',
    makeModule: 'Watch Collections',
    entity: 'collection',
    eventTypes: {
      current: ['wix.categories.v1.category_updated'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.CollectionChanged'],
    },
  },
  'collections.deleted': {
    description: 'A store collection (Catalog V3: category) was deleted.',
    makeModule: 'Watch Collections',
    entity: 'collection',
    eventTypes: {
      current: ['wix.categories.v1.category_deleted'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.CollectionDeleted'],
    },
  },
  'products.created': {
    description: 'A store product was created.',
    makeModule: 'Watch Products',
    entity: 'product',
    eventTypes: {
      current: ['wix.stores.catalog.v3.product_created'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.ProductCreated'],
    },
  },
  'products.updated': {
    description: 'A store product was updated (Catalog V1 sends only the changed field names).',
    makeModule: 'Watch Products',
    entity: 'product',
    eventTypes: {
      current: ['wix.stores.catalog.v3.product_updated'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.ProductChanged'],
    },
  },
  'products.deleted': {
    description: 'A store product was deleted.',
    makeModule: 'Watch Products',
    entity: 'product',
    eventTypes: {
      current: ['wix.stores.catalog.v3.product_deleted'],
      legacy: ['com.wix.ecommerce.catalog.api.v1.ProductDeleted'],
    },
  },
  'orders.created': {
    description:
      'An order was placed and approved; fires once per order (an INITIALIZED order does not fire it).',
    makeModule: 'Watch Orders',
    entity: 'order',
    eventTypes: {
      current: ['wix.ecom.v1.order_created', 'wix.ecom.v1.order_approved'],
      // UNCONFIRMED legacy eventType: Wix's guide shows `OrderEvent`, third-party code the qualified name.
      legacy: ['OrderEvent', 'com.wix.ecommerce.orders.api.v2.OrderEvent'],
    },
  },
  'orders.paid': {
    description: "An order's payment status became PAID.",
    makeModule: 'Watch Orders',
    entity: 'order',
    eventTypes: { current: ['wix.ecom.v1.order_payment_status_updated'], legacy: ['OrderPaid'] },
  },
  'orders.canceled': {
    description: 'An order was canceled.',
    makeModule: 'Watch Orders',
    entity: 'order',
    eventTypes: { current: ['wix.ecom.v1.order_canceled'], legacy: ['OrderCanceled'] },
  },
  'orders.fulfilled': {
    description: "An order's fulfillment status became FULFILLED.",
    makeModule: 'Watch Orders',
    entity: 'order',
    eventTypes: { current: ['wix.ecom.v1.order_fulfilled'], legacy: [] },
  },
  'fulfillments.created': {
    description: 'A fulfillment was added to an order; fires once per fulfillment (entity: it plus orderId).',
    makeModule: 'Watch Fulfillments',
    entity: 'fulfillment',
    eventTypes: { current: ['wix.ecom.v1.fulfillments_updated'], legacy: ['FulfillmentCreated'] },
  },
  'fulfillments.updated': {
    description:
      "An order's fulfillments changed without a new one (eCom: entity is the order's fulfillments).",
    makeModule: 'Watch Fulfillments',
    entity: 'fulfillment',
    eventTypes: { current: ['wix.ecom.v1.fulfillments_updated'], legacy: ['FulfillmentUpdated'] },
  },
  'forms.submitted': {
    description: 'A Wix Forms form was submitted.',
    makeModule: 'Watch Form Submissions',
    entity: 'submission',
    eventTypes: {
      current: ['wix.forms.v4.submission_created'],
      legacy: ['com.wixpress.formbuilder.api.v1.FormSubmittedEvent'],
    },
  },
  'messages.received': {
    description:
      'A site visitor or contact sent the business a message (entity: the message plus conversationId).',
    makeModule: 'Watch Messages',
    entity: 'message',
    eventTypes: {
      current: [
        'wix.crm.inbox.v2.message_message_sent_to_business',
        // Wix's Inbox doc page spells the slug with hyphens; its service definition with underscores.
        'wix.crm.inbox.v2.message_message-sent-to-business',
        'wix.chat.v1.message_message_sent_to_business',
      ],
      legacy: [],
    },
  },
  'app.installed': {
    description: 'The Wix app was installed on a site (entityId: the new app instance id).',
    makeModule: '(connection lifecycle)',
    entity: 'app',
    eventTypes: { current: [], legacy: ['AppInstalled'] },
  },
  'app.removed': {
    description: 'The Wix app was removed from a site (entityId: the app instance id).',
    makeModule: '(connection lifecycle)',
    entity: 'app',
    eventTypes: { current: [], legacy: ['AppRemoved'] },
  },
} as const satisfies Record<string, TriggerDefinition>;

/** A catalogue trigger name, e.g. `products.created`. */
export type TriggerName = keyof typeof TriggerCatalog;

/** A catalogue entry with its name. */
export interface CatalogTrigger extends TriggerDefinition {
  name: TriggerName;
}

const TRIGGER_NAMES = Object.keys(TriggerCatalog) as TriggerName[];

const TRIGGERS_BY_EVENT_TYPE: ReadonlyMap<string, readonly TriggerName[]> = (() => {
  const index = new Map<string, TriggerName[]>();
  for (const name of TRIGGER_NAMES) {
    const { current, legacy } = TriggerCatalog[name].eventTypes;
    for (const eventType of [...current, ...legacy]) {
      const key = normaliseEventType(eventType);
      const names = index.get(key) ?? [];
      if (!names.includes(name)) names.push(name);
      index.set(key, names);
    }
  }
  return index;
})();

/** Every catalogue trigger with its definition, in catalogue order. */
export function listTriggers(): CatalogTrigger[] {
  return TRIGGER_NAMES.map((name) => ({ name, ...TriggerCatalog[name] }));
}

/** True when `name` is a catalogue trigger name (not a raw Wix eventType). */
export function isCatalogTrigger(name: string): name is TriggerName {
  return Object.hasOwn(TriggerCatalog, name);
}

/** The current and legacy Wix eventTypes that fire `trigger`, as Wix spells them. */
export function eventTypesFor(trigger: TriggerName): { current: string[]; legacy: string[] } {
  const { current, legacy } = TriggerCatalog[trigger].eventTypes;
  return { current: [...current], legacy: [...legacy] };
}

/** The catalogue triggers a Wix eventType can fire (any spelling of the slug), or [] for none. */
export function triggersForEventType(eventType: string): TriggerName[] {
  return [...(TRIGGERS_BY_EVENT_TYPE.get(normaliseEventType(eventType)) ?? [])];
}

/**
 * Canonical spelling of a Wix eventType: hyphens in the last dot-separated segment (`<entity>_<slug>`)
 * become underscores, so `…message_message-sent-to-business` equals `…message_message_sent_to_business`.
 */
export function normaliseEventType(eventType: string): string {
  const trimmed = eventType.trim();
  const lastDot = trimmed.lastIndexOf('.');
  return trimmed.slice(0, lastDot + 1) + trimmed.slice(lastDot + 1).replaceAll('-', '_');
}
