import { describe, expect, it } from 'vitest';
import {
  domainEventBody,
  entitySequence,
  isAnonymizeRequest,
  normaliseEntity,
} from '#shared/triggers/normalise.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { copyJson, deliver, loadWebhookFixture, pathOf, TEST_INSTANCE_ID } from '../../support/webhooks.ts';

const deliverInner = (eventType: string, data: unknown) =>
  deliver({ eventType, instanceId: TEST_INSTANCE_ID, data });

function innerOf(file: string, index = 0): Record<string, unknown> {
  const example = loadWebhookFixture(file).examples[index];
  if (example === undefined || example.form !== 'inner')
    throw new Error(`${file} has no inner example #${index}`);
  return copyJson(example.payload) as Record<string, unknown>;
}

/** A verified event built straight from parts, for payload shapes Wix's examples do not show. */
function eventWith(data: unknown, eventType = 'wix.contacts.v4.contact_updated'): WixEvent {
  return {
    eventId: 'e7a1c0de-0000-4000-8000-000000000001',
    eventIdSource: 'wix',
    eventType,
    instanceId: TEST_INSTANCE_ID,
    generation: 'domain',
    data,
    time: '2024-01-01T00:00:00.000Z',
    receivedAt: '2024-01-01T00:00:00.000Z',
  };
}

const contact = {
  id: '4b0133d5-7903-4411-bcc0-1817d1394028',
  info: { name: { first: 'John', last: 'Doe' } },
};
const domain = (body: Record<string, unknown>) => ({
  id: 'e7a1c0de-0000-4000-8000-000000000002',
  entityFqdn: 'wix.contacts.v4.contact',
  slug: 'updated',
  entityId: contact.id,
  ...body,
});

describe('normaliseEntity: both wire forms of a standardized entity', () => {
  it.each([
    ['createdEvent', 'entity', 'entityAsJson'],
    ['updatedEvent', 'currentEntity', 'currentEntityAsJson'],
    ['deletedEvent', 'deletedEntity', 'deletedEntityAsJson'],
    ['actionEvent', 'body', 'bodyAsJson'],
  ])('reads %s.%s and its JSON string %s as the same entity', (holder, objectKey, stringKey) => {
    // Prepare
    const asObject = eventWith(domain({ [holder]: { [objectKey]: contact } }));
    const asString = eventWith(domain({ [holder]: { [stringKey]: JSON.stringify(contact) } }));
    const asObjectUnderStringKey = eventWith(domain({ [holder]: { [stringKey]: contact } }));

    // Act
    const entities = [asObject, asString, asObjectUnderStringKey].map(
      (e) => normaliseEntity('contact', e).entity,
    );

    // Assess
    expect(entities).toEqual([contact, contact, contact]);
  });

  it('gives rules the same trigger.entity from the documented string and object contact_created examples', () => {
    // Prepare
    const asString = innerOf('wix.contacts.v4.contact_created', 0);
    const asObject = copyJson(asString);
    const json = pathOf(asString, 'createdEvent', 'entityAsJson');
    (asObject.createdEvent as Record<string, unknown>).entityAsJson = JSON.parse(String(json));

    // Act
    const [fromString] = resolveTriggers(deliverInner('wix.contacts.v4.contact_created', asString));
    const [fromObject] = resolveTriggers(deliverInner('wix.contacts.v4.contact_created', asObject));

    // Assess
    expect(typeof json).toBe('string');
    expect(fromString?.context.entity).toEqual(JSON.parse(String(json)));
    expect(fromObject?.context.entity).toEqual(fromString?.context.entity);
  });

  it('leaves the entity undefined, without throwing, when an *AsJson string is not JSON', () => {
    // Prepare
    const event = eventWith(
      domain({ updatedEvent: { currentEntityAsJson: '{"id": "4b0133d5", truncated' } }),
    );

    // Act
    const normalised = normaliseEntity('contact', event);
    const matches = resolveTriggers(event);

    // Assess
    expect(normalised).toEqual({ entityId: contact.id, entity: undefined });
    expect(matches.map((m) => [m.trigger, m.context.entityId, m.context.entity])).toEqual([
      ['contacts.updated', contact.id, undefined],
    ]);
  });

  it('leaves the entity undefined when the JSON string holds no object', () => {
    // Prepare
    const event = eventWith(domain({ updatedEvent: { currentEntityAsJson: '[1, 2]' } }));

    // Act
    const body = domainEventBody(event.data);

    // Assess
    expect(body).toBeUndefined();
  });

  it('still reads the entity when another field of the event has an unexpected type', () => {
    // Prepare
    const event = eventWith(
      domain({ entityId: 42, triggeredByAnonymizeRequest: 'no', updatedEvent: { currentEntity: contact } }),
    );

    // Act
    const normalised = normaliseEntity('contact', event);

    // Assess
    expect(normalised).toEqual({ entityId: contact.id, entity: contact });
  });

  it('has no entity for a deleted event that carries only {}', () => {
    // Prepare
    const inner = innerOf('wix.contacts.v4.contact_deleted');

    // Act
    const normalised = normaliseEntity('contact', deliverInner('wix.contacts.v4.contact_deleted', inner));

    // Assess
    expect(normalised).toEqual({ entityId: inner.entityId, entity: undefined });
  });
});

describe('normaliseEntity: legacy flat payloads', () => {
  it('reads the collection id from collection_Id too', () => {
    // Prepare
    const event = deliverInner('com.wix.ecommerce.catalog.api.v1.CollectionChanged', {
      collection_Id: '6547efe0-3dc4-bd30-3042-c71427ff2589',
      changedFields: ['name'],
    });

    // Act
    const [match] = resolveTriggers(event);

    // Assess
    expect(match?.trigger).toBe('collections.updated');
    expect(match?.context.entityId).toBe('6547efe0-3dc4-bd30-3042-c71427ff2589');
  });

  it.each([
    ['priceData', 0],
    ['price', 3],
  ])('exposes a Catalog V1 product with %s untouched', (priceField, index) => {
    // Prepare
    const inner = innerOf('com.wix.ecommerce.catalog.api.v1.ProductCreated', index);
    const event = deliverInner('com.wix.ecommerce.catalog.api.v1.ProductCreated', inner);

    // Act
    const normalised = normaliseEntity('product', event);

    // Assess
    expect(Object.keys(inner)).toContain(priceField);
    expect(normalised).toEqual({ entityId: inner.productId, entity: inner });
  });

  it('yields no entity id rather than throwing for a legacy payload without its id field', () => {
    // Prepare
    const event = deliverInner('com.wix.ecommerce.catalog.api.v1.ProductDeleted', { name: 'no id here' });

    // Act
    const normalised = normaliseEntity('product', event);

    // Assess
    expect(normalised).toEqual({ entityId: undefined, entity: { name: 'no id here' } });
  });
});

describe('entitySequence', () => {
  it('reads the documented entityEventSequence keyed by entityFqdn and entityId', () => {
    // Prepare
    const inner = innerOf('wix.ecom.v1.cart_updated');

    // Act
    const sequence = entitySequence(deliverInner('wix.ecom.v1.cart_updated', inner));

    // Assess
    expect(sequence).toEqual({
      entityKey: `${String(inner.entityFqdn)}:${String(inner.entityId)}`,
      sequence: BigInt(String(inner.entityEventSequence)),
    });
  });

  it('keeps sequences beyond 2^53 exact', () => {
    // Prepare
    const event = eventWith(domain({ entityEventSequence: '1640771667091213999', updatedEvent: {} }));

    // Act
    const sequence = entitySequence(event);

    // Assess
    expect(sequence?.sequence).toBe(1640771667091213999n);
  });

  it.each([
    ['absent', domain({ updatedEvent: {} })],
    ['not a number', domain({ entityEventSequence: '7a', updatedEvent: {} })],
    ['negative', domain({ entityEventSequence: '-1', updatedEvent: {} })],
    ['without entityFqdn', { entityId: contact.id, entityEventSequence: '3' }],
    ['on a legacy payload', { productId: 'p1', changedFields: ['name'] }],
  ])('is undefined when the sequence is %s', (_case, data) => {
    // Prepare
    const event = eventWith(data);

    // Act
    const sequence = entitySequence(event);

    // Assess
    expect(sequence).toBeUndefined();
  });
});

describe('isAnonymizeRequest', () => {
  it.each([
    [true, true],
    [false, false],
    [undefined, false],
    ['true', false],
  ])('with triggeredByAnonymizeRequest %s answers %s', (flag, expected) => {
    // Prepare
    const event = eventWith(domain({ deletedEvent: {}, triggeredByAnonymizeRequest: flag }));

    // Act
    const answer = isAnonymizeRequest(event);

    // Assess
    expect(answer).toBe(expected);
  });
});
