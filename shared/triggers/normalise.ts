import * as z from 'zod';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { EntityKind } from './catalog.ts';

/** The entity a trigger exposes as `trigger.entityId` / `trigger.entity`. */
export interface NormalisedEntity {
  entityId: string | undefined;
  /** The entity when the payload carries it, else undefined. */
  entity: unknown;
}

type JsonObject = Record<string, unknown>;

// Each field falls back to undefined on an odd type, so one surprising field never hides the rest.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const EventBodySchema = z.looseObject({});

/** The standardized ("domain") inner payload (docs/wix-behaviour.md#webhook-envelope); every field optional, unknown ones kept. */
export const DomainEventSchema = z.looseObject({
  id: optional(z.string()),
  entityFqdn: optional(z.string()),
  slug: optional(z.string()),
  entityId: optional(z.string()),
  eventTime: optional(z.string()),
  triggeredByAnonymizeRequest: optional(z.boolean()),
  entityEventSequence: optional(z.union([z.string(), z.number()])),
  createdEvent: optional(EventBodySchema),
  updatedEvent: optional(EventBodySchema),
  deletedEvent: optional(EventBodySchema),
  actionEvent: optional(EventBodySchema),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** Reads a field that may hold an object or its JSON string; anything else, or bad JSON, is undefined. */
export function parseEntityField(value: unknown): JsonObject | undefined {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return isJsonObject(candidate) ? candidate : undefined;
}

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inner payload as a standardized event, or undefined for a legacy flat payload. */
export function asDomainEvent(data: unknown): DomainEvent | undefined {
  const parsed = DomainEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { createdEvent, updatedEvent, deletedEvent, actionEvent } = parsed.data;
  const hasBody = [createdEvent, updatedEvent, deletedEvent, actionEvent].some((body) => body !== undefined);
  return hasBody ? parsed.data : undefined;
}

/**
 * The body of a standardized event (docs/wix-behaviour.md#entity-forms): `createdEvent.entity | entityAsJson`,
 * `updatedEvent.currentEntity | currentEntityAsJson`, `deletedEvent.deletedEntity | deletedEntityAsJson`
 * or `actionEvent.body | bodyAsJson`, each an object or a JSON string. Never throws.
 */
export function domainEventBody(data: unknown): JsonObject | undefined {
  const event = asDomainEvent(data);
  if (event === undefined) return undefined;
  const pick = (holder: JsonObject | undefined, objectKey: string, stringKey: string) =>
    holder === undefined
      ? undefined
      : (parseEntityField(holder[objectKey]) ?? parseEntityField(holder[stringKey]));
  return (
    pick(event.createdEvent, 'entity', 'entityAsJson') ??
    pick(event.updatedEvent, 'currentEntity', 'currentEntityAsJson') ??
    pick(event.deletedEvent, 'deletedEntity', 'deletedEntityAsJson') ??
    pick(event.actionEvent, 'body', 'bodyAsJson')
  );
}

const stringField = (value: unknown, key: string): string | undefined => {
  const object = parseEntityField(value);
  const field = object?.[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
};

/**
 * Action events wrap the entity in their body under one of these keys (`order_approved` → `body.order`,
 * `abandoned_checkout_recovered` → `body.abandonedCheckout`). Kinds not listed expose the whole body.
 */
const ACTION_BODY_KEYS: Partial<Record<EntityKind, readonly string[]>> = {
  order: ['order'],
  cart: ['checkout', 'abandonedCheckout'],
  message: ['message'],
  submission: ['submission'],
  booking: ['booking'],
  planOrder: ['order'],
  loyaltyAccount: ['account'],
  task: ['task'],
};

/**
 * The `entityId` and `entity` of an event for a trigger of `kind`, from either payload generation.
 * Pure and total: a malformed payload yields undefined fields, never an exception.
 */
export function normaliseEntity(kind: EntityKind, event: WixEvent): NormalisedEntity {
  const domain = asDomainEvent(event.data);
  return domain === undefined ? normaliseLegacy(kind, event) : normaliseDomain(kind, event, domain);
}

function normaliseDomain(kind: EntityKind, event: WixEvent, domain: DomainEvent): NormalisedEntity {
  const body = domainEventBody(event.data);
  const wrapped =
    domain.actionEvent === undefined
      ? undefined
      : (ACTION_BODY_KEYS[kind] ?? []).map((key) => parseEntityField(body?.[key])).find(Boolean);
  let entity: JsonObject | undefined = wrapped ?? body;
  // An empty body (Wix's member_deleted example: `actionEvent.body: {}`) carries no entity.
  if (entity !== undefined && Object.keys(entity).length === 0) entity = undefined;
  if (kind === 'message' && wrapped !== undefined) {
    // Inbox keeps the conversation beside the message; Chat v1 the visitor. Both are needed to reply.
    const conversationId = stringField(body, 'conversationId');
    const visitorId = stringField(body, 'visitorId');
    entity = {
      ...wrapped,
      ...(conversationId === undefined ? {} : { conversationId }),
      ...(visitorId === undefined ? {} : { visitorId }),
    };
  }
  const ownId = stringField(entity, 'id');
  switch (kind) {
    // `trigger.entityId` is the cart for every carts.* trigger: checkouts and abandoned checkouts carry `cartId`.
    case 'cart':
      return { entityId: stringField(entity, 'cartId') ?? domain.entityId ?? ownId, entity };
    // Chat v1's event entityId is the visitor; the message id is what identifies the message in both APIs.
    case 'message':
      return { entityId: ownId ?? domain.entityId, entity };
    // Order transactions belong to an order: its id is what payments.get and orders.get take.
    case 'payment': {
      const transactions = parseEntityField(entity?.orderTransactions);
      const orderId = stringField(entity, 'orderId') ?? stringField(transactions, 'orderId');
      return { entityId: orderId ?? domain.entityId, entity };
    }
    // A V3 inventory item's event entityId is the item; inventory.* names the product, as V1 does.
    case 'inventory':
      return { entityId: stringField(entity, 'productId'), entity };
    default:
      return { entityId: domain.entityId ?? ownId, entity };
  }
}

function normaliseLegacy(kind: EntityKind, event: WixEvent): NormalisedEntity {
  const flat = parseEntityField(event.data);
  switch (kind) {
    case 'contact':
      return { entityId: stringField(flat, 'contactId'), entity: flat };
    case 'cart':
      return { entityId: stringField(flat, 'cartId'), entity: flat };
    case 'collection':
      // `collection_Id` appears in some of Wix's Catalog V1 payloads.
      return {
        entityId: stringField(flat, 'collectionId') ?? stringField(flat, 'collection_Id'),
        entity: flat,
      };
    case 'product':
      // Exposed untouched: Catalog V1 sends `price` or `priceData` (both documented); rules read either.
      return { entityId: stringField(flat, 'productId'), entity: flat };
    case 'order': {
      // Order Paid / Canceled wrap the Stores v2 order in `order`; legacy Order Created is the flat order.
      const order = parseEntityField(flat?.order);
      if (order !== undefined) return { entityId: stringField(order, 'id'), entity: order };
      return { entityId: stringField(flat, 'orderId') ?? stringField(flat, 'id'), entity: flat };
    }
    case 'fulfillment':
      return { entityId: stringField(flat, 'fulfillmentId'), entity: flat };
    case 'submission':
      // Legacy FormSubmittedEvent has no submission id; its event id (a hash of the payload) names the
      // submission stably across Wix re-sends. `contactId` is a contact, not a submission, so it is not used.
      return { entityId: stringField(flat, 'submissionId') ?? event.eventId, entity: flat };
    case 'message':
      return { entityId: stringField(flat, 'id'), entity: flat };
    case 'app':
      // AppInstalled / AppRemoved concern the installation: the envelope instanceId (the appId is ours).
      return { entityId: event.instanceId || undefined, entity: flat };
    case 'rsvp':
      return { entityId: stringField(flat, 'rsvpId'), entity: flat };
    case 'ticketOrder':
      // Wix Events ticket orders are named by their order number (`GET /events/v1/events/{eventId}/orders/{orderNumber}`).
      return { entityId: stringField(flat, 'orderNumber'), entity: flat };
    case 'inventory':
      // `externalId` is the deprecated name of `productId` (@wix/auto_sdk_stores_inventory); one Wix example has only it.
      return { entityId: stringField(flat, 'productId') ?? stringField(flat, 'externalId'), entity: flat };
    // These kinds have no legacy payload generation; a flat payload is read by its `id`.
    case 'checkout':
    case 'payment':
    case 'booking':
    case 'event':
    case 'guest':
    case 'planOrder':
    case 'member':
    case 'loyaltyAccount':
    case 'task':
    case 'post':
      return { entityId: stringField(flat, 'id'), entity: flat };
  }
}

/** The `entityEventSequence` of a standardized event, keyed `entityFqdn:entityId`; undefined when absent or invalid. */
export function entitySequence(event: WixEvent): { entityKey: string; sequence: bigint } | undefined {
  const domain = DomainEventSchema.safeParse(event.data);
  if (!domain.success) return undefined;
  const { entityFqdn, entityId, entityEventSequence } = domain.data;
  if (!entityFqdn || !entityId || entityEventSequence === undefined) return undefined;
  const text = String(entityEventSequence).trim();
  if (!/^\d+$/.test(text)) return undefined;
  return { entityKey: `${entityFqdn}:${entityId}`, sequence: BigInt(text) };
}

/** True when Wix sent the event because of a privacy (GDPR) anonymize request. */
export function isAnonymizeRequest(event: WixEvent): boolean {
  const data = parseEntityField(event.data);
  return data?.triggeredByAnonymizeRequest === true;
}
