/** Make has no module for the trigger (its Wix app has no such watch module). */
const NOT_IN_MAKE = '(not in Make)';

/** What a trigger's `trigger.entityId` / `trigger.entity` describe. */
export type EntityKind =
  | 'contact'
  | 'cart'
  | 'checkout'
  | 'collection'
  | 'product'
  | 'inventory'
  | 'order'
  | 'payment'
  | 'fulfillment'
  | 'submission'
  | 'message'
  | 'booking'
  | 'event'
  | 'guest'
  | 'rsvp'
  | 'ticketOrder'
  | 'planOrder'
  | 'member'
  | 'loyaltyAccount'
  | 'task'
  | 'post'
  | 'app';

/** One catalogue entry: a rule `trigger:` name and the Wix webhooks that fire it. */
export interface TriggerDefinition {
  description: string;
  /** The module of Make's Wix app this trigger mirrors, or `(not in Make)`. */
  makeModule: string;
  entity: EntityKind;
  /** Wix eventTypes, as Wix spells them: today's standardized events and the legacy formats still delivered. */
  eventTypes: { current: readonly string[]; legacy: readonly string[] };
}

/**
 * The trigger catalogue (README "The catalogue"): every rule `trigger:` name, `<domain>.<event>` in camelCase,
 * and the Wix eventTypes it accepts. Event type strings are those of Wix's `@wix/auto_sdk_*` packages
 * (`@eventType` tags); where Wix's REST docs spell one differently, both are listed.
 */
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
  'contacts.merged': {
    description:
      'Contacts were merged into one (entity: {targetContactId, sourceContactIds, targetContact}; entityId: the target).',
    makeModule: NOT_IN_MAKE,
    entity: 'contact',
    eventTypes: { current: ['wix.contacts.v4.contact_merged'], legacy: [] },
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
  'carts.updated': {
    description: 'A cart was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'cart',
    eventTypes: { current: ['wix.ecom.v1.cart_updated'], legacy: [] },
  },
  'carts.recovered': {
    description: 'An abandoned checkout was completed after all (entity: the abandoned checkout).',
    makeModule: NOT_IN_MAKE,
    entity: 'cart',
    eventTypes: { current: ['wix.ecom.v1.abandoned_checkout_recovered'], legacy: [] },
  },
  'checkouts.created': {
    description: 'A checkout was created (entityId: the checkout id; the cart is `entity.cartId`).',
    makeModule: NOT_IN_MAKE,
    entity: 'checkout',
    eventTypes: { current: ['wix.ecom.v1.checkout_created'], legacy: [] },
  },
  'checkouts.updated': {
    description: 'A checkout was updated (entityId: the checkout id).',
    makeModule: NOT_IN_MAKE,
    entity: 'checkout',
    eventTypes: { current: ['wix.ecom.v1.checkout_updated'], legacy: [] },
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
  'orders.updated': {
    description:
      'An order was updated (any change, including the ones that fire orders.paid or orders.canceled).',
    makeModule: NOT_IN_MAKE,
    entity: 'order',
    eventTypes: { current: ['wix.ecom.v1.order_updated'], legacy: [] },
  },
  'payments.updated': {
    description: 'A payment or refund was added to an order, or one was updated (entityId: the order id).',
    makeModule: NOT_IN_MAKE,
    entity: 'payment',
    eventTypes: { current: ['wix.ecom.v1.order_transactions_updated'], legacy: [] },
  },
  'payments.refunded': {
    description:
      'A refund of an order was completed (entity: {orderId, refund, sideEffects, orderTransactions}; entityId: the order id).',
    makeModule: NOT_IN_MAKE,
    entity: 'payment',
    eventTypes: { current: ['wix.ecom.v1.order_transactions_refund_completed'], legacy: [] },
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
  'forms.updated': {
    description: 'A Wix Forms submission was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'submission',
    eventTypes: { current: ['wix.forms.v4.submission_updated'], legacy: [] },
  },
  'forms.deleted': {
    description: 'A Wix Forms submission was deleted.',
    makeModule: NOT_IN_MAKE,
    entity: 'submission',
    eventTypes: { current: ['wix.forms.v4.submission_deleted'], legacy: [] },
  },
  'forms.statusUpdated': {
    description:
      "A Wix Forms submission's status changed (entity: the submission; `trigger.raw` has the previous status).",
    makeModule: NOT_IN_MAKE,
    entity: 'submission',
    eventTypes: { current: ['wix.forms.v4.submission_status_updated'], legacy: [] },
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
  'bookings.created': {
    description: 'A booking was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_created'], legacy: [] },
  },
  'bookings.confirmed': {
    description: 'A booking was confirmed (entity: the booking).',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_confirmed'], legacy: [] },
  },
  'bookings.declined': {
    description: 'A booking was declined (entity: the booking).',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_declined'], legacy: [] },
  },
  'bookings.canceled': {
    description: 'A booking was canceled (entity: the booking).',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_canceled'], legacy: [] },
  },
  'bookings.rescheduled': {
    description: 'A booking was rescheduled (entity: the booking; `trigger.raw` has the previous slot).',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_rescheduled'], legacy: [] },
  },
  'bookings.updated': {
    description: 'A booking was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'booking',
    eventTypes: { current: ['wix.bookings.v2.booking_updated'], legacy: [] },
  },
  'events.created': {
    description: 'A Wix Events event was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    eventTypes: { current: ['wix.events.v3.event_created'], legacy: [] },
  },
  'events.updated': {
    description: 'A Wix Events event was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    eventTypes: { current: ['wix.events.v3.event_updated'], legacy: [] },
  },
  'events.published': {
    description: 'An event was published (entity: {timestamp, eventId, status, …}).',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    // Wix's SDK (@wix/auto_sdk_events_wix-events-v-2) spells these `event_<slug>`; its REST docs `event_event_<slug>`.
    eventTypes: {
      current: ['wix.events.v3.event_published', 'wix.events.v3.event_event_published'],
      legacy: [],
    },
  },
  'events.canceled': {
    description: 'An event was canceled (entity: {timestamp, eventId, title, userId}).',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    eventTypes: {
      current: ['wix.events.v3.event_canceled', 'wix.events.v3.event_event_canceled'],
      legacy: [],
    },
  },
  'events.started': {
    description: 'An event started (entity: {timestamp, eventId}).',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    eventTypes: { current: ['wix.events.v3.event_started', 'wix.events.v3.event_event_started'], legacy: [] },
  },
  'events.ended': {
    description: 'An event ended (entity: {timestamp, eventId}).',
    makeModule: NOT_IN_MAKE,
    entity: 'event',
    eventTypes: { current: ['wix.events.v3.event_ended', 'wix.events.v3.event_event_ended'], legacy: [] },
  },
  'eventGuests.created': {
    description: 'A guest of an event was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'guest',
    eventTypes: { current: ['wix.events.guests.v1.guest_created'], legacy: [] },
  },
  'eventGuests.updated': {
    description: 'A guest of an event was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'guest',
    eventTypes: { current: ['wix.events.guests.v1.guest_updated'], legacy: [] },
  },
  'eventGuests.deleted': {
    description: 'A guest of an event was deleted.',
    makeModule: NOT_IN_MAKE,
    entity: 'guest',
    eventTypes: { current: ['wix.events.guests.v1.guest_deleted'], legacy: [] },
  },
  'rsvps.created': {
    description: 'An RSVP to an event was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'rsvp',
    eventTypes: { current: ['wix.events.v2.rsvp_created'], legacy: ['wix.events.rsvp.events.RsvpCreated'] },
  },
  'rsvps.updated': {
    description: 'An RSVP to an event was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'rsvp',
    eventTypes: { current: ['wix.events.v2.rsvp_updated'], legacy: ['wix.events.rsvp.events.RsvpUpdated'] },
  },
  'rsvps.deleted': {
    description: 'An RSVP to an event was deleted.',
    makeModule: NOT_IN_MAKE,
    entity: 'rsvp',
    eventTypes: { current: ['wix.events.v2.rsvp_deleted'], legacy: ['wix.events.rsvp.events.RsvpDeleted'] },
  },
  'ticketOrders.confirmed': {
    description: 'A ticket order was confirmed (entityId: the order number).',
    makeModule: NOT_IN_MAKE,
    entity: 'ticketOrder',
    eventTypes: { current: [], legacy: ['wix.events.ticketing.events.OrderConfirmed'] },
  },
  'ticketOrders.updated': {
    description: 'A ticket order was updated (entityId: the order number).',
    makeModule: NOT_IN_MAKE,
    entity: 'ticketOrder',
    eventTypes: { current: [], legacy: ['wix.events.ticketing.events.OrderUpdated'] },
  },
  'ticketOrders.deleted': {
    description: 'A ticket order was deleted (entityId: the order number).',
    makeModule: NOT_IN_MAKE,
    entity: 'ticketOrder',
    eventTypes: { current: [], legacy: ['wix.events.ticketing.events.OrderDeleted'] },
  },
  'pricingPlans.purchased': {
    description:
      'A pricing plan was purchased: paid, a first cycle paid, marked as paid, or free (entity: the plan order).',
    makeModule: NOT_IN_MAKE,
    entity: 'planOrder',
    eventTypes: { current: ['wix.pricing_plans.v2.order_purchased'], legacy: [] },
  },
  'pricingPlans.canceled': {
    description: 'A pricing plan order was canceled (entity: the plan order).',
    makeModule: NOT_IN_MAKE,
    entity: 'planOrder',
    eventTypes: { current: ['wix.pricing_plans.v2.order_canceled'], legacy: [] },
  },
  'pricingPlans.ended': {
    description: 'A pricing plan order ended (entity: the plan order).',
    makeModule: NOT_IN_MAKE,
    entity: 'planOrder',
    eventTypes: { current: ['wix.pricing_plans.v2.order_ended'], legacy: [] },
  },
  'pricingPlans.autoRenewCanceled': {
    description: "A pricing plan order's auto-renewal was canceled (entity: the plan order).",
    makeModule: NOT_IN_MAKE,
    entity: 'planOrder',
    eventTypes: { current: ['wix.pricing_plans.v2.order_auto_renew_canceled'], legacy: [] },
  },
  'members.created': {
    description: 'A site member was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'member',
    eventTypes: { current: ['wix.members.v1.member_created'], legacy: [] },
  },
  'members.updated': {
    description: 'A site member was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'member',
    eventTypes: { current: ['wix.members.v1.member_updated'], legacy: [] },
  },
  'members.deleted': {
    description: 'A site member was deleted (the payload carries only its id).',
    makeModule: NOT_IN_MAKE,
    entity: 'member',
    eventTypes: { current: ['wix.members.v1.member_deleted'], legacy: [] },
  },
  'loyalty.accountCreated': {
    description: 'A loyalty account was created (entity: the account; its contact is `entity.contactId`).',
    makeModule: NOT_IN_MAKE,
    entity: 'loyaltyAccount',
    eventTypes: { current: ['wix.loyalty.v1.account_created'], legacy: [] },
  },
  'loyalty.pointsUpdated': {
    description: "A loyalty account's points balance changed (entity: the account).",
    makeModule: NOT_IN_MAKE,
    entity: 'loyaltyAccount',
    eventTypes: { current: ['wix.loyalty.v1.account_points_updated'], legacy: [] },
  },
  'tasks.created': {
    description: 'A CRM task was created.',
    makeModule: NOT_IN_MAKE,
    entity: 'task',
    eventTypes: { current: ['wix.crm.tasks.v2.task_created'], legacy: [] },
  },
  'tasks.updated': {
    description: 'A CRM task was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'task',
    eventTypes: { current: ['wix.crm.tasks.v2.task_updated'], legacy: [] },
  },
  'tasks.overdue': {
    description: 'A CRM task reached its due date (entity: the task).',
    makeModule: NOT_IN_MAKE,
    entity: 'task',
    eventTypes: { current: ['wix.crm.tasks.v2.task_task_overdue'], legacy: [] },
  },
  'inventory.changed': {
    description:
      "A product's stock changed (entityId: the product id; Catalog V3: entity is the inventory item, V1: the changed variants).",
    makeModule: NOT_IN_MAKE,
    entity: 'inventory',
    eventTypes: {
      current: ['wix.stores.catalog.v3.inventory_item_updated'],
      legacy: [
        'com.wix.ecommerce.inventory.api.v1.InventoryVariantsChanged',
        'com.wix.ecommerce.inventory.api.v1.InventoryItemChanged',
      ],
    },
  },
  'blog.postPublished': {
    description: 'A blog post was published (Wix creates a post when a draft is published).',
    makeModule: NOT_IN_MAKE,
    entity: 'post',
    eventTypes: { current: ['wix.blog.v3.post_created'], legacy: [] },
  },
  'blog.postUpdated': {
    description: 'A published blog post was updated.',
    makeModule: NOT_IN_MAKE,
    entity: 'post',
    eventTypes: { current: ['wix.blog.v3.post_updated'], legacy: [] },
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

/** A trigger wixflow fires itself, not Wix: `trigger.entity` is what it describes. */
export interface BuiltinTriggerDefinition {
  description: string;
  /** The eventType of the events wixflow queues for it (Wix's `<entity>_<slug>` shape, in wixflow's namespace). */
  eventType: string;
}

/**
 * Triggers wixflow fires about its own runs (README "Failure alerts"). `trigger.entity` is the run record
 * (as `wixflow runs show --json` prints it) with `event`, `failedStep` and `inspect`; `trigger.entityId` the
 * run id. A run of a rule on these triggers never fires them again.
 */
export const BuiltinTriggerCatalog = {
  'wixflow.run.failed': {
    description: 'A rule run ended failed (a step failed for good, or used its retry.maxAttempts).',
    eventType: 'wixflow.run_failed',
  },
  'wixflow.run.needsAttention': {
    description:
      'A rule run stopped as needs-attention (a step’s outcome is unknown and it is not safe to repeat).',
    eventType: 'wixflow.run_needs_attention',
  },
} as const satisfies Record<string, BuiltinTriggerDefinition>;

/** A built-in trigger name, e.g. `wixflow.run.failed`. */
export type BuiltinTriggerName = keyof typeof BuiltinTriggerCatalog;

/** Every built-in trigger with its definition. */
export function listBuiltinTriggers(): (BuiltinTriggerDefinition & { name: BuiltinTriggerName })[] {
  return (Object.keys(BuiltinTriggerCatalog) as BuiltinTriggerName[]).map((name) => ({
    name,
    ...BuiltinTriggerCatalog[name],
  }));
}

/** True when `name` is a built-in trigger name. */
export function isBuiltinTrigger(name: string): name is BuiltinTriggerName {
  return Object.hasOwn(BuiltinTriggerCatalog, name);
}

/** The built-in trigger an eventType of wixflow's own fires, or undefined for any other eventType. */
export function builtinTriggerForEventType(eventType: string): BuiltinTriggerName | undefined {
  return listBuiltinTriggers().find((t) => t.eventType === eventType)?.name;
}
