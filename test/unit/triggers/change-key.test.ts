import { describe, expect, it } from 'vitest';
import { eventTypesFor, listTriggers, triggersForEventType } from '#shared/triggers/catalog.ts';
import {
  CREATION_EVENT_TYPES,
  changeEventId,
  changeKeyOf,
  creationEventId,
  isChangeKey,
} from '#shared/triggers/change-key.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { deliver, deliverExample, loadWebhookFixture, TEST_INSTANCE_ID } from '../../support/webhooks.ts';

/** The catalogue triggers whose change is a creation: their change key is the entity id alone. */
const creationTriggers = listTriggers()
  .map((t) => t.name)
  .filter((name) => changeKeyOf(name, 'entity-1', {}) === `change:${name}:entity-1`);

describe('creation events under their change’s id', () => {
  it('knows every event type of every creation trigger, and each names one trigger', () => {
    expect(creationTriggers.length).toBeGreaterThan(0);
    for (const trigger of creationTriggers) {
      const { current, legacy } = eventTypesFor(trigger);
      for (const eventType of [...current, ...legacy]) expect(CREATION_EVENT_TYPES).toContain(eventType);
    }
    for (const eventType of CREATION_EVENT_TYPES) {
      const [trigger, ...others] = triggersForEventType(eventType);
      expect(others, eventType).toEqual([]);
      expect(creationTriggers, eventType).toContain(trigger);
    }
  });

  // Wix's documented example of each creation webhook: the id ingest gives it is the id of the change the
  // consumer would claim for it, so the event record is that claim.
  const documented = CREATION_EVENT_TYPES.filter((eventType) => {
    try {
      return loadWebhookFixture(eventType).examples.length > 0;
    } catch {
      return false;
    }
  });

  it.each(documented)('gives %s the id of the change it reports', (eventType) => {
    const fixture = loadWebhookFixture(eventType);
    for (const example of fixture.examples) {
      const event = deliverExample(example, eventType);
      const changeKeys = resolveTriggers(event).flatMap((m) => (m.changeKey ? [m.changeKey] : []));
      expect(changeKeys).toHaveLength(1);
      expect(event.eventId).toBe(changeEventId(event.instanceId, changeKeys[0] ?? ''));
      expect(event.eventIdSource).toBe('change');
      expect(event.originalEventId).toBeDefined();
      expect(event.originalEventId).not.toBe(event.eventId);
    }
  });

  it('covers the creations Wix documents (Catalog V3 has no fixture: built from its event shape below)', () => {
    expect(documented).toEqual(
      CREATION_EVENT_TYPES.filter((t) => t !== 'wix.stores.catalog.v3.product_created'),
    );
  });

  it('gives a Catalog V3 product creation the id of its change', () => {
    const event = deliver({
      eventType: 'wix.stores.catalog.v3.product_created',
      instanceId: TEST_INSTANCE_ID,
      data: {
        id: 'e7a1c2f0-0000-4000-8000-0000000000aa',
        entityFqdn: 'wix.stores.catalog.v3.product',
        slug: 'created',
        entityId: 'prod-v3-1',
        createdEvent: { entity: { id: 'prod-v3-1', name: 'Mug' } },
        eventTime: '2026-12-04T10:00:00Z',
      },
    });
    expect(event.eventId).toBe(changeEventId(TEST_INSTANCE_ID, 'change:products.created:prod-v3-1'));
    expect(event.originalEventId).toBe('e7a1c2f0-0000-4000-8000-0000000000aa');
  });

  it('derives one id per site and change, and none for a creation that names no entity', () => {
    const id = changeEventId('site-a', 'change:contacts.created:c1');
    expect(id).toMatch(/^change:[0-9a-f]{24}$/);
    expect(changeEventId('site-a', 'change:contacts.created:c1')).toBe(id);
    expect(changeEventId('site-b', 'change:contacts.created:c1')).not.toBe(id);
    expect(changeEventId('site-a', 'change:contacts.created:c2')).not.toBe(id);
    expect(
      creationEventId({
        eventType: 'wix.contacts.v4.contact_created',
        instanceId: 'site-a',
        generation: 'domain',
        data: { slug: 'created' },
      }),
    ).toBeUndefined();
    expect(
      creationEventId({
        eventType: 'wix.contacts.v4.contact_updated',
        instanceId: 'site-a',
        generation: 'domain',
        data: { entityId: 'c1' },
      }),
    ).toBeUndefined();
    expect(isChangeKey('change:contacts.created:c1')).toBe(true);
    expect(isChangeKey('once:backfill:job-1')).toBe(false);
  });
});
