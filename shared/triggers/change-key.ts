import { createHash } from 'node:crypto';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { TriggerName } from './catalog.ts';

/**
 * The triggers whose entity changes reconciliation can find by asking Wix, and how one change is named: a
 * creation by the entity's id, an update by the id and the entity's last-change time. The consumer claims
 * this key for every event of these triggers while reconciliation is on, so the webhook and the reconciled
 * event of the same change run once between them (docs/backfill-and-reconcile.md).
 */
const CHANGES: Partial<Record<TriggerName, { change: 'created' | 'updated' }>> = {
  'orders.updated': { change: 'updated' },
  'contacts.created': { change: 'created' },
  'contacts.updated': { change: 'updated' },
  'products.created': { change: 'created' },
  'products.updated': { change: 'updated' },
  'bookings.created': { change: 'created' },
  'events.created': { change: 'created' },
  'tasks.created': { change: 'created' },
};

/** Where Wix puts an entity's last-change time: `updatedDate` (eCom, Contacts, Catalog V3), `lastUpdated` (V1). */
const STAMP_FIELDS = ['updatedDate', 'lastUpdated'] as const;

/** The change key of one trigger match, or undefined when the trigger has none or the entity lacks the stamp. */
export function changeKeyOf(
  trigger: string,
  entityId: string | undefined,
  entity: unknown,
): string | undefined {
  const kind = CHANGES[trigger as TriggerName];
  if (!kind || entityId === undefined) return undefined;
  if (kind.change === 'created') return `change:${trigger}:${entityId}`;
  const record = typeof entity === 'object' && entity !== null ? (entity as Record<string, unknown>) : {};
  const stamp = STAMP_FIELDS.map((f) => record[f]).find((v) => typeof v === 'string' && v !== '');
  return stamp === undefined ? undefined : `change:${trigger}:${entityId}:${stamp}`;
}

/**
 * The id of one entity change in the event log: derived from the site and the change key, so every event
 * that reports the change meets at one item (docs/events-table.md). A creation event is recorded under it
 * (`creationEventId`); any other event that reports a change claims the change there, beside its own record.
 */
export function changeEventId(instanceId: string, changeKey: string): string {
  const digest = createHash('sha256').update(`${instanceId}\u0000${changeKey}`).digest('hex');
  return `change:${digest.slice(0, 24)}`;
}

/** A change key (`change:<trigger>:…`), as against a once-only key. */
export const isChangeKey = (key: string): boolean => key.startsWith('change:');

/**
 * The creation events, by Wix event type: each is the one event type of its trigger match, and names its
 * entity itself (a standardized event's `entityId`, or the legacy payload's id field).
 * test/unit/triggers/change-key.test.ts holds this list to the catalogue and to resolveTriggers.
 */
const CREATIONS: Readonly<Record<string, { trigger: TriggerName; legacyIdField?: string }>> = {
  'wix.stores.catalog.v3.product_created': { trigger: 'products.created' },
  'com.wix.ecommerce.catalog.api.v1.ProductCreated': {
    trigger: 'products.created',
    legacyIdField: 'productId',
  },
  'wix.contacts.v4.contact_created': { trigger: 'contacts.created' },
  'wix.bookings.v2.booking_created': { trigger: 'bookings.created' },
  'wix.events.v3.event_created': { trigger: 'events.created' },
  'wix.crm.tasks.v2.task_created': { trigger: 'tasks.created' },
};

/** The event types `creationEventId` knows (for the test that holds them to the catalogue). */
export const CREATION_EVENT_TYPES: readonly string[] = Object.keys(CREATIONS);

/**
 * The id ingest gives a creation event: its change's id, so Wix's re-sends, a second copy of it and the
 * event reconciliation finds for the same creation are one event, claimed with its record and nothing
 * beside it. Undefined for every other event, and for a creation that names no entity.
 */
export function creationEventId(
  event: Pick<WixEvent, 'eventType' | 'instanceId' | 'generation' | 'data'>,
): string | undefined {
  const creation = CREATIONS[event.eventType];
  if (!creation || typeof event.data !== 'object' || event.data === null) return undefined;
  const data = event.data as Record<string, unknown>;
  const entityId = event.generation === 'domain' ? data.entityId : data[creation.legacyIdField ?? 'entityId'];
  if (typeof entityId !== 'string' || entityId === '') return undefined;
  return changeEventId(event.instanceId, `change:${creation.trigger}:${entityId}`);
}
