import * as z from 'zod';
import { type EventSource, eventSource, type WixEvent } from '#shared/wix/webhook/wix-event.ts';
import {
  type BuiltinTriggerName,
  builtinTriggerForEventType,
  normaliseEventType,
  TriggerCatalog,
  type TriggerName,
  triggersForEventType,
} from './catalog.ts';
import { changeKeyOf } from './change-key.ts';
import { asDomainEvent, domainEventBody, normaliseEntity, parseEntityField } from './normalise.ts';

/** The rule expression context's `trigger` (docs/contracts.md#expression-context). */
export interface TriggerContext {
  /** `type` is the eventType exactly as Wix sent it; `id` the Wix event id or, for legacy events, a body hash. */
  event: {
    id: string;
    type: string;
    instanceId: string;
    time: string;
    /**
     * `webhook` for a signed Wix webhook, `automation` for a wixflow automation's post; `backfill` or
     * `reconcile` for what wixflow found by asking Wix.
     */
    source: EventSource;
  };
  /** The id of the trigger's entity (contact, cart, order, booking, …; see each trigger's description). */
  entityId: string | undefined;
  /** The entity, when the payload carries it. */
  entity: unknown;
  /** The decoded inner payload, untouched. */
  raw: unknown;
}

/** One catalogue trigger an event fires, with the claims the consumer makes before running rules. */
export interface TriggerMatch {
  trigger: TriggerName | BuiltinTriggerName;
  context: TriggerContext;
  /** Fire only the first time any consumer claims this key (the consumer stores claims). */
  onceKey?: string;
  /** Drop this match if any onceKey claim of the same event succeeded. */
  onlyIfNothingNew?: boolean;
  /**
   * The entity change this match reports (change-key.ts), claimed while reconciliation is on so a webhook and
   * the reconciled event of the same change run once between them.
   */
  changeKey?: string;
}

const ORDER_CREATED = 'wix.ecom.v1.order_created';
const ORDER_PAYMENT_STATUS_UPDATED = 'wix.ecom.v1.order_payment_status_updated';
const ORDER_FULFILLED = 'wix.ecom.v1.order_fulfilled';
const FULFILLMENTS_UPDATED = 'wix.ecom.v1.fulfillments_updated';

const OrderStateSchema = z.looseObject({
  status: z.string().optional(),
  paymentStatus: z.string().optional(),
  fulfillmentStatus: z.string().optional(),
});
const OrderFulfillmentsSchema = z.looseObject({
  orderId: z.string().optional(),
  fulfillments: z.array(z.unknown()).optional(),
});
const FulfillmentStatusChangeSchema = z.looseObject({ newFulfillmentStatus: z.string().optional() });

/**
 * The catalogue triggers a verified Wix event fires, each with its expression context; [] when it fires none
 * (rules may still name the raw eventType). Pure: claims (`onceKey`) are left to the consumer. Never throws.
 */
export function resolveTriggers(event: WixEvent): TriggerMatch[] {
  const builtin = builtinTriggerForEventType(event.eventType);
  if (builtin !== undefined) {
    // wixflow's own events carry their entity (a run record) as the whole payload.
    const entity = event.data as { runId?: unknown } | undefined;
    const entityId = typeof entity?.runId === 'string' ? entity.runId : undefined;
    return [{ trigger: builtin, context: contextOf(event, entityId, event.data) }];
  }
  let eventType = normaliseEventType(event.eventType);
  let triggers = triggersForEventType(eventType);
  if (triggers.length === 0) {
    // docs/wix-behaviour.md#event-types: the envelope eventType is `<entityFqdn>_<slug>`; trust the inner pair if the
    // envelope spells it in a way we do not know.
    const domain = asDomainEvent(event.data);
    if (domain?.entityFqdn && domain.slug) {
      eventType = normaliseEventType(`${domain.entityFqdn}_${domain.slug}`);
      triggers = triggersForEventType(eventType);
    }
  }
  return triggers.flatMap((trigger) => resolveTrigger(trigger, eventType, event));
}

function resolveTrigger(trigger: TriggerName, eventType: string, event: WixEvent): TriggerMatch[] {
  const { entityId, entity } = normaliseEntity(TriggerCatalog[trigger].entity, event);
  const changeKey = changeKeyOf(trigger, entityId, entity);
  const match: TriggerMatch = {
    trigger,
    context: contextOf(event, entityId, entity),
    ...(changeKey === undefined ? {} : { changeKey }),
  };
  const order = OrderStateSchema.safeParse(entity);
  switch (trigger) {
    case 'orders.created':
      // An INITIALIZED order is an unfinished online checkout; order_approved follows if it is completed.
      if (eventType === ORDER_CREATED && (!order.success || order.data.status !== 'APPROVED')) return [];
      return [entityId === undefined ? match : { ...match, onceKey: `orders.created:${entityId}` }];
    case 'orders.paid':
      if (
        eventType === ORDER_PAYMENT_STATUS_UPDATED &&
        (!order.success || order.data.paymentStatus !== 'PAID')
      ) {
        return [];
      }
      // Legacy OrderPaid and the eCom event both report it: one claim per order fires it once.
      return [entityId === undefined ? match : { ...match, onceKey: `orders.paid:${entityId}` }];
    case 'orders.fulfilled':
      return eventType !== ORDER_FULFILLED || isNowFulfilled(event, order.data) ? [match] : [];
    case 'fulfillments.created':
      if (eventType === FULFILLMENTS_UPDATED) return newFulfillmentCandidates(event, entityId, entity);
      // Legacy FulfillmentCreated claims the same key, so a site on both generations fires once.
      return [entityId === undefined ? match : { ...match, onceKey: fulfillmentKey(entityId) }];
    case 'fulfillments.updated':
      return [eventType === FULFILLMENTS_UPDATED ? { ...match, onlyIfNothingNew: true } : match];
    default:
      return [match];
  }
}

/** order_fulfilled reports any fulfillment status change; only a change to FULFILLED fires the trigger. */
function isNowFulfilled(event: WixEvent, order: z.infer<typeof OrderStateSchema> | undefined): boolean {
  const change = FulfillmentStatusChangeSchema.safeParse(domainEventBody(event.data));
  const status = (change.success ? change.data.newFulfillmentStatus : undefined) ?? order?.fulfillmentStatus;
  return status === undefined || status === 'FULFILLED';
}

/**
 * fulfillments_updated carries all of an order's fulfillments after any change: each one is a
 * `fulfillments.created` candidate, claimed once by its id, so only those not seen before fire.
 */
function newFulfillmentCandidates(
  event: WixEvent,
  orderIdOfEvent: string | undefined,
  entity: unknown,
): TriggerMatch[] {
  const parsed = OrderFulfillmentsSchema.safeParse(entity);
  if (!parsed.success) return [];
  const orderId = parsed.data.orderId ?? orderIdOfEvent;
  return (parsed.data.fulfillments ?? []).flatMap((item): TriggerMatch[] => {
    const fulfillment = parseEntityField(item);
    const id = fulfillment?.id;
    if (typeof id !== 'string' || id === '') return [];
    const context = contextOf(event, id, { ...fulfillment, ...(orderId === undefined ? {} : { orderId }) });
    return [{ trigger: 'fulfillments.created', context, onceKey: fulfillmentKey(id) }];
  });
}

const fulfillmentKey = (fulfillmentId: string) => `fulfillment:${fulfillmentId}`;

/** `trigger.event` of an event's expression context. */
export const eventContextOf = (event: WixEvent): TriggerContext['event'] => ({
  // Wix's own id, also for a creation the event log keeps under its change's id (docs/decisions/015).
  id: event.originalEventId ?? event.eventId,
  type: event.eventType,
  instanceId: event.instanceId,
  time: event.time,
  source: eventSource(event),
});

function contextOf(event: WixEvent, entityId: string | undefined, entity: unknown): TriggerContext {
  return {
    event: eventContextOf(event),
    entityId,
    entity,
    raw: event.data,
  };
}
