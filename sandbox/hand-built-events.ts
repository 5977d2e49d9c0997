import { simpleV3Product } from './catalog.ts';
import { asEntity, type Entity, sampleResponse } from './fixtures.ts';

/*
 * Inner payloads for event types Wix documents without an example (wix-examples/INDEX.md "Missing"), built from
 * the doc's field lists (eventFields/nestedFields) and wix-api.md §2.3/§2.6. Entities reuse documented REST
 * examples where one exists (Create Category, Get Submission).
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
    const submission = asEntity(sampleResponse('form-submissions.GetSubmission').submission);
    return domain('wix.forms.v4.submission', 'created', String(submission.id), {
      createdEvent: { entity: submission },
    });
  },
};
