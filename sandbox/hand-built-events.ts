import { simpleV3Product } from './catalog.ts';
import { asEntity, type Entity, sampleResponse, webhookSample } from './fixtures.ts';

/*
 * Inner payloads for event types Wix documents without an example, built from the doc's field lists
 * (eventFields/nestedFields) or, where Wix's REST docs have none (RSVP V2, Catalog V3 inventory, Forms status
 * updates, refunds), from the event's type in Wix's `@wix/auto_sdk_*` package. Entities reuse documented REST
 * or webhook examples where one exists (Create Category, Get Submission, order transactions, RSVP v1).
 */

const PRODUCT_ID = '5376f9ec-b92e-efa9-e4a1-f4f480aa0d3a';
const CATEGORY_ID = '9d37241b-abe7-4d2a-8912-b49ab828b00e';
const STAMP = '2025-03-05T11:15:01.919Z';

const v3Product = (): Entity =>
  simpleV3Product({
    id: PRODUCT_ID,
    revision: '2',
    createdDate: '2025-02-27T08:15:47.933Z',
    updatedDate: STAMP,
    name: 'Indonesian Blend',
    slug: 'indonesian-blend',
    plainDescription: '<p>Half Java Arabica, half Bali Robusta - big flavor with a big kick.</p>',
    visible: true,
    sku: '',
    price: '30.00',
    categoryIds: [],
  });

const domain = (entityFqdn: string, slug: string, entityId: string, body: Entity): Entity => ({
  id: 'c4a5f6c2-3b1e-4d0a-9f7e-2b8d6e1a0c93',
  entityFqdn,
  slug,
  entityId,
  ...body,
  eventTime: STAMP,
  triggeredByAnonymizeRequest: false,
});

const category = (): Entity => {
  const documented = asEntity(sampleResponse('categories.CreateCategory').category);
  return { ...documented, id: CATEGORY_ID, treeReference: { appNamespace: '@wix/stores' } };
};

const submission = (): Entity => asEntity(sampleResponse('form-submissions.GetSubmission').submission);

const orderTransactions = (): Entity =>
  asEntity(sampleResponse('order-transactions.ListTransactionsForSingleOrder').orderTransactions);

/** An RSVP V2 entity (fields of @wix/auto_sdk_events_rsvp-v-2's Rsvp), valued from Wix's RSVP v1 example. */
const rsvpV2 = (): Entity => {
  const legacy = asEntity(webhookSample('wix.events.rsvp.events.RsvpCreated').payload);
  return {
    id: legacy.rsvpId,
    revision: '1',
    eventId: legacy.eventId,
    memberId: legacy.memberId,
    contactId: legacy.contactId,
    firstName: legacy.firstName,
    lastName: legacy.lastName,
    email: legacy.email,
    status: legacy.status,
    totalGuests: 3,
    createdDate: legacy.timestamp,
    updatedDate: legacy.timestamp,
  };
};

const rsvpEvent = (slug: string, body: (rsvp: Entity) => Entity) => () => {
  const rsvp = rsvpV2();
  return domain('wix.events.v2.rsvp', slug, String(rsvp.id), body(rsvp));
};

/** A Catalog V3 inventory item (fields of @wix/auto_sdk_stores_inventory-items-v-3's InventoryItem). */
const v3InventoryItem = (): Entity => ({
  id: '8d7a6b5c-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
  revision: '3',
  createdDate: '2025-02-27T08:15:47.933Z',
  updatedDate: STAMP,
  variantId: '00000000-0000-0000-0000-000000000000',
  locationId: '8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d',
  productId: PRODUCT_ID,
  trackQuantity: true,
  quantity: 7,
  availabilityStatus: 'IN_STOCK',
});

/** Hand-built inner payloads by event type. */
export const HAND_BUILT_EVENTS: Record<string, () => Entity> = {
  'wix.stores.catalog.v3.product_created': () =>
    domain('wix.stores.catalog.v3.product', 'created', PRODUCT_ID, { createdEvent: { entity: v3Product() } }),
  // Shaped like Wix's one documented V3 update event (brand_updated): an object under currentEntityAsJson.
  'wix.stores.catalog.v3.product_updated': () =>
    domain('wix.stores.catalog.v3.product', 'updated', PRODUCT_ID, {
      updatedEvent: {
        currentEntityAsJson: v3Product(),
        modifiedFields: {
          revision: '1',
          updatedDate: '2025-03-05T08:56:56.825Z',
          name: 'Indonesian Blend Classic',
        },
      },
    }),
  'wix.stores.catalog.v3.product_deleted': () =>
    domain('wix.stores.catalog.v3.product', 'deleted', PRODUCT_ID, { deletedEvent: {} }),
  'wix.categories.v1.category_created': () =>
    domain('wix.categories.v1.category', 'created', CATEGORY_ID, { createdEvent: { entity: category() } }),
  // The doc types this one's body as `currentEntityAsJson`, "Event body as a stringified JSON".
  'wix.categories.v1.category_updated': () =>
    domain('wix.categories.v1.category', 'updated', CATEGORY_ID, {
      updatedEvent: { currentEntityAsJson: JSON.stringify({ ...category(), revision: '2', name: 'Sale' }) },
    }),
  'wix.categories.v1.category_deleted': () =>
    domain('wix.categories.v1.category', 'deleted', CATEGORY_ID, { deletedEvent: {} }),
  'wix.forms.v4.submission_created': () => {
    const entity = submission();
    return domain('wix.forms.v4.submission', 'created', String(entity.id), { createdEvent: { entity } });
  },
  'wix.forms.v4.submission_updated': () => {
    const entity: Entity = { ...submission(), status: 'CONFIRMED', revision: '2' };
    return domain('wix.forms.v4.submission', 'updated', String(entity.id), {
      updatedEvent: { currentEntity: entity },
    });
  },
  'wix.forms.v4.submission_deleted': () => {
    const entity = submission();
    return domain('wix.forms.v4.submission', 'deleted', String(entity.id), {
      deletedEvent: { deletedEntity: entity },
    });
  },
  // @wix/auto_sdk_forms_submissions: body FormSubmissionStatusUpdatedEvent {submission, previousStatus}.
  'wix.forms.v4.submission_status_updated': () => {
    const entity: Entity = { ...submission(), status: 'CONFIRMED' };
    return domain('wix.forms.v4.submission', 'status_updated', String(entity.id), {
      actionEvent: { body: { submission: entity, previousStatus: 'PENDING' } },
    });
  },
  // The doc's field list: actionEvent.body PaymentsUpdated {orderTransactions, paymentIds, refundIds}.
  'wix.ecom.v1.order_transactions_updated': () => {
    const transactions = orderTransactions();
    const payment = asEntity(Array.isArray(transactions.payments) ? transactions.payments[0] : undefined);
    return domain('wix.ecom.v1.order_transactions', 'updated', String(transactions.orderId), {
      actionEvent: {
        body: { orderTransactions: transactions, paymentIds: payment.id ? [payment.id] : [], refundIds: [] },
      },
    });
  },
  // @wix/auto_sdk_ecom_order-transactions: body RefundCompleted {orderId, refund, sideEffects, orderTransactions}.
  'wix.ecom.v1.order_transactions_refund_completed': () => {
    const transactions = orderTransactions();
    const refund = asEntity(Array.isArray(transactions.refunds) ? transactions.refunds[0] : undefined);
    return domain('wix.ecom.v1.order_transactions', 'refund_completed', String(transactions.orderId), {
      actionEvent: {
        body: {
          orderId: transactions.orderId,
          refund,
          sideEffects: { sendOrderRefundedEmail: true },
          orderTransactions: transactions,
        },
      },
    });
  },
  'wix.events.v2.rsvp_created': rsvpEvent('created', (rsvp) => ({ createdEvent: { entity: rsvp } })),
  'wix.events.v2.rsvp_updated': rsvpEvent('updated', (rsvp) => ({
    updatedEvent: { currentEntity: { ...rsvp, revision: '2', status: 'NO' } },
  })),
  'wix.events.v2.rsvp_deleted': rsvpEvent('deleted', (rsvp) => ({ deletedEvent: { deletedEntity: rsvp } })),
  'wix.stores.catalog.v3.inventory_item_updated': () => {
    const item = v3InventoryItem();
    return domain('wix.stores.catalog.v3.inventory_item', 'updated', String(item.id), {
      updatedEvent: { currentEntity: item },
    });
  },
};
