import { type DomainState, domainsOf } from './domains.ts';
import { asEntity, type Entity } from './fixtures.ts';
import type { Site } from './state.ts';

/** Where an emitted business event's entity is kept, by eventType prefix, and its key in an action body. */
const STORES: { prefix: string; map: keyof DomainState; bodyKey?: string }[] = [
  { prefix: 'wix.bookings.v2.booking_', map: 'bookings', bodyKey: 'booking' },
  { prefix: 'wix.pricing_plans.v2.order_', map: 'planOrders', bodyKey: 'order' },
  { prefix: 'wix.events.v3.event_', map: 'events' },
  { prefix: 'wix.events.guests.v1.guest_', map: 'guests' },
  { prefix: 'wix.members.v1.member_', map: 'members' },
  { prefix: 'wix.loyalty.v1.account_', map: 'loyaltyAccounts', bodyKey: 'account' },
  { prefix: 'wix.crm.tasks.v2.task_', map: 'tasks', bodyKey: 'task' },
];

const parsed = (value: unknown): Entity | undefined => {
  if (typeof value !== 'string') return value === undefined ? undefined : asEntity(value);
  try {
    return asEntity(JSON.parse(value));
  } catch {
    // Some documented examples carry invalid JSON strings; such an event changes nothing.
    return undefined;
  }
};

/** The entity a standardized event carries: created, updated (current), or under `bodyKey` of an action body. */
function entityOf(inner: Entity, bodyKey: string | undefined): Entity | undefined {
  const created = asEntity(inner.createdEvent);
  const updated = asEntity(inner.updatedEvent);
  const action = asEntity(inner.actionEvent);
  const body = parsed(action.body ?? action.bodyAsJson);
  return (
    parsed(created.entity ?? created.entityAsJson) ??
    parsed(updated.currentEntity ?? updated.currentEntityAsJson) ??
    (bodyKey === undefined ? undefined : parsed(body?.[bodyKey]))
  );
}

/**
 * Makes an emitted business event true on the site, as the product creations `emit` makes: the booking, plan
 * order, event, guest, member, loyalty account or task it carries is stored (a deleted one removed), so rules
 * that act on `trigger.entityId` find it. Events carrying no entity (Events V3's small action bodies) change nothing.
 */
export function applyDomainEvent(site: Site, eventType: string, inner: Entity): void {
  const store = STORES.find((s) => eventType.startsWith(s.prefix));
  if (!store) return;
  const map = domainsOf(site)[store.map] as Map<string, Entity>;
  const entityId = typeof inner.entityId === 'string' ? inner.entityId : undefined;
  if (entityId === undefined) return;
  if (inner.deletedEvent !== undefined || eventType.endsWith('_deleted')) {
    map.delete(entityId);
    return;
  }
  const entity = entityOf(inner, store.bodyKey);
  if (entity === undefined || (entity.id !== undefined && entity.id !== entityId)) return;
  map.set(entityId, { ...entity, id: entityId });
}
