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
