import { describe, expect, it } from 'vitest';
import { HAND_BUILT_EVENTS } from '#sandbox/hand-built-events.ts';
import { sampleEnvelope, sampleEventTypes } from '#sandbox/samples.ts';

const INSTANCE = '07864c16-3a6f-4dd2-9973-028705762b2c';

describe('sampleEnvelope', () => {
  it('covers the catalogue event types, documented and hand-built', () => {
    // Act
    const types = sampleEventTypes();

    // Assess
    expect(types).toEqual(
      expect.arrayContaining([
        'wix.contacts.v4.contact_created',
        'wix.ecom.v1.order_approved',
        'wix.ecom.v1.fulfillments_updated',
        'com.wix.ecommerce.catalog.api.v1.ProductCreated',
        'com.wixpress.formbuilder.api.v1.FormSubmittedEvent',
        'OrderEvent',
        'AppInstalled',
        'wix.stores.catalog.v3.product_created',
        'wix.stores.catalog.v3.product_updated',
        'wix.stores.catalog.v3.product_deleted',
        'wix.categories.v1.category_created',
        'wix.categories.v1.category_updated',
        'wix.categories.v1.category_deleted',
        'wix.forms.v4.submission_created',
        'wix.crm.inbox.v2.message_message_sent_to_business',
      ]),
    );
  });

  it.each(sampleEventTypes())(
    'builds a %s envelope for the instance with an object inner event',
    (eventType) => {
      // Act
      const envelope = sampleEnvelope(eventType, { instanceId: INSTANCE });

      // Assess
      expect(envelope.eventType).toBe(eventType);
      expect(envelope.instanceId).toBe(INSTANCE);
      expect(typeof envelope.data).toBe('object');
      expect(Object.keys(envelope.data).length).toBeGreaterThan(0);
      if (typeof envelope.data.entityFqdn === 'string') {
        // Wix's Events V3 and Blog examples carry an entityFqdn unlike their eventType's; kept as documented.
        if (HAND_BUILT_EVENTS[eventType]) {
          expect(`${envelope.data.entityFqdn}_${envelope.data.slug}`).toBe(eventType);
        } else {
          expect(eventType.endsWith(String(envelope.data.slug))).toBe(true);
        }
        expect(envelope.data.entityEventSequence).toMatch(/^\d+$/);
        expect(Date.parse(String(envelope.data.eventTime))).not.toBeNaN();
        expect(envelope.identity).toMatchObject({ identityType: 'WIX_USER' });
      }
    },
  );

  it('gives each fresh domain event a new event id and replaces the entity id everywhere in the payload', () => {
    // Prepare
    const documented = sampleEnvelope('wix.ecom.v1.order_approved', { instanceId: INSTANCE, fresh: false });

    // Act
    const a = sampleEnvelope('wix.ecom.v1.order_approved', { instanceId: INSTANCE });
    const b = sampleEnvelope('wix.ecom.v1.order_approved', { instanceId: INSTANCE });

    // Assess
    expect(a.data.id).not.toBe(b.data.id);
    expect(a.data.entityId).not.toBe(b.data.entityId);
    expect(a.data.entityId).not.toBe(documented.data.entityId);
    const body = a.data.actionEvent as { body: { order: { id: string } } };
    expect(body.body.order.id).toBe(a.data.entityId);
    expect(JSON.stringify(a.data)).not.toContain(String(documented.data.entityId));
    expect(BigInt(String(b.data.entityEventSequence))).toBeGreaterThan(
      BigInt(String(a.data.entityEventSequence)),
    );
  });

  it('replaces the entity id of legacy events and inside *AsJson strings', () => {
    // Act
    const legacy = sampleEnvelope('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      instanceId: INSTANCE,
    });
    const documented = sampleEnvelope('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      instanceId: INSTANCE,
      fresh: false,
    });
    const contact = sampleEnvelope('wix.contacts.v4.contact_created', { instanceId: INSTANCE });

    // Assess
    expect(legacy.data.productId).not.toBe(documented.data.productId);
    expect(documented.data.productId).toBe('6693f74a-2a79-0bb7-00ef-2b8581bc8757');
    const created = contact.data.createdEvent as { entityAsJson?: string; entity?: { id: string } };
    const entity = created.entity ?? JSON.parse(String(created.entityAsJson));
    expect(entity.id).toBe(contact.data.entityId);
  });

  it('keeps the documented ids when fresh is false', () => {
    // Act
    const envelope = sampleEnvelope('wix.contacts.v4.contact_deleted', {
      instanceId: INSTANCE,
      fresh: false,
    });

    // Assess
    expect(envelope.data.entityId).toBe('4b0133d5-7903-4411-bcc0-1817d1394028');
  });

  it('unwraps the form submission example Wix documents as a whole JWT payload', () => {
    // Act
    const envelope = sampleEnvelope('com.wixpress.formbuilder.api.v1.FormSubmittedEvent', {
      instanceId: INSTANCE,
    });

    // Assess
    expect(envelope.data).toMatchObject({ formName: 'Contacts Form', submissionData: expect.any(Array) });
    expect(envelope.data).not.toHaveProperty('eventType');
  });

  it('serves the SDK spelling of an Events V3 action event from the example Wix documents under the docs’ spelling', () => {
    // Act
    const sdk = sampleEnvelope('wix.events.v3.event_published', { instanceId: INSTANCE, fresh: false });
    const documented = sampleEnvelope('wix.events.v3.event_event_published', {
      instanceId: INSTANCE,
      fresh: false,
    });

    // Assess
    expect(sdk.eventType).toBe('wix.events.v3.event_published');
    expect(sdk.data.actionEvent).toEqual(documented.data.actionEvent);
    expect(sdk.data.entityId).toBe('178ef33c-d1db-4ed7-916e-e11455067755');
  });

  it('gives a fresh RSVP a new rsvp id, leaving its contact alone', () => {
    // Act
    const documented = sampleEnvelope('wix.events.rsvp.events.RsvpCreated', {
      instanceId: INSTANCE,
      fresh: false,
    });
    const fresh = sampleEnvelope('wix.events.rsvp.events.RsvpCreated', { instanceId: INSTANCE });

    // Assess
    expect(fresh.data.rsvpId).not.toBe(documented.data.rsvpId);
    expect(fresh.data.rsvpId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.data.contactId).toBe(documented.data.contactId);
  });

  it('gives a fresh ticket order a new order number of the same shape, and its tickets with it', () => {
    // Act
    const documented = sampleEnvelope('wix.events.ticketing.events.OrderConfirmed', {
      instanceId: INSTANCE,
      fresh: false,
    });
    const fresh = sampleEnvelope('wix.events.ticketing.events.OrderConfirmed', { instanceId: INSTANCE });

    // Assess
    const orderNumber = String(fresh.data.orderNumber);
    expect(documented.data.orderNumber).toBe('FMXC-BZG3-OT');
    expect(orderNumber).not.toBe('FMXC-BZG3-OT');
    expect(orderNumber).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
    const tickets = fresh.data.tickets as { ticketNumber: string }[];
    expect(tickets[0]?.ticketNumber.startsWith(orderNumber)).toBe(true);
  });

  it('throws for an event type without a sample', () => {
    // Act / Assess
    expect(() => sampleEnvelope('wix.nothing.v1.thing_created', { instanceId: INSTANCE })).toThrow(
      /No sample/,
    );
  });
});
