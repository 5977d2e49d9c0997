import { createHash, randomBytes } from 'node:crypto';
import { creationEventId } from '#shared/triggers/change-key.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { EntityChange, EntityQuery } from './entity-queries.ts';

const digest = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);

/**
 * A synthetic event for an entity change wixflow found by asking Wix: the standardized event Wix would have
 * sent for it (`createdEvent.entity` or `updatedEvent.currentEntity`), so the consumer decodes it to the
 * trigger exactly as it decodes the webhook. Its id is derived, never random (but with `force`), so the same
 * finding queued twice is one event:
 * - back-fill: one id per (instance, rule, trigger, entity) — a rule runs once per entity however often the
 *   user back-fills; `force` makes a fresh id to run it again;
 * - reconcile: one id per (instance, trigger, entity, change time) — each missed change runs once; a
 *   creation's is its change's id, the id ingest gives the creation's webhook (`creationEventId`).
 */
export function syntheticEvent(
  query: EntityQuery,
  change: EntityChange,
  options: {
    source: 'backfill' | 'reconcile';
    instanceId: string;
    ruleId?: string;
    force?: boolean;
    now: Date;
  },
): WixEvent {
  const identity =
    options.source === 'backfill'
      ? digest(options.instanceId, options.ruleId ?? '', query.trigger, change.entityId)
      : digest(options.instanceId, query.trigger, change.entityId, change.stamp);
  const eventId = `${options.source}:${identity}${options.force ? `:${randomBytes(6).toString('hex')}` : ''}`;
  const body =
    query.change === 'created'
      ? { createdEvent: { entity: change.entity } }
      : { updatedEvent: { currentEntity: change.entity } };
  const [entityFqdn, slug] = splitEventType(query.eventType);
  const event: WixEvent = {
    eventId,
    eventIdSource: 'hash',
    eventType: query.eventType,
    instanceId: options.instanceId,
    generation: 'domain',
    data: { id: eventId, entityFqdn, slug, entityId: change.entityId, eventTime: change.stamp, ...body },
    time: change.stamp,
    receivedAt: options.now.toISOString(),
    source: options.source,
    ...(options.ruleId === undefined ? {} : { ruleId: options.ruleId }),
  };
  // A reconciled creation is its creation's event, as the webhook of it is: the one that comes second is a
  // duplicate. A back-filled one keeps its own id (the user asked for its run, whatever ran before).
  const changeId = options.source === 'reconcile' ? creationEventId(event) : undefined;
  return changeId === undefined ? event : { ...event, eventId: changeId, eventIdSource: 'change' };
}

/** `wix.ecom.v1.order_updated` → [`wix.ecom.v1.order`, `updated`]: a standardized event names both. */
function splitEventType(eventType: string): [string, string] {
  const underscore = eventType.indexOf('_', eventType.lastIndexOf('.'));
  return underscore === -1
    ? [eventType, '']
    : [eventType.slice(0, underscore), eventType.slice(underscore + 1)];
}
