import { requireCatalog } from '../catalog.ts';
import { applicationError, invalidField, notFound, validationError } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { parseLegacyQuery } from '../legacy-query.ts';
import { matchesFilter, sortEntities } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { ALL_PRODUCTS_COLLECTION_ID } from '../seed.ts';
import { newId, type Site } from '../state.ts';
import { slugify, uniqueSlug } from '../text.ts';

const collectionOf = (ctx: ApiContext, id: string | undefined): Entity => {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const collection = id === undefined ? undefined : ctx.site.collections.get(id);
  if (!collection || id === undefined) throw notFound('Collection', String(id));
  return collection;
};

const productCount = (site: Site, collectionId: string) =>
  [...site.products.values()].filter(
    (p) => Array.isArray(p.collectionIds) && p.collectionIds.includes(collectionId),
  ).length;

const render = (site: Site, collection: Entity, opts: { count: boolean; description: boolean }): Entity => {
  const out: Entity = structuredClone(collection);
  if (!opts.description) delete out.description;
  if (opts.count) out.numberOfProducts = productCount(site, String(collection.id));
  return out;
};

const flag = (ctx: ApiContext, name: string) =>
  ctx.query.get(name) === 'true' || asEntity(ctx.body)[name] === true;

const readProductIds = (body: unknown): string[] => {
  const ids = asEntity(body).productIds;
  if (!Array.isArray(ids) || ids.length === 0) {
    throw invalidField('productIds', 'productIds must be a non-empty array', 'REQUIRED_FIELD');
  }
  const violations = ids.flatMap((id, i) =>
    typeof id === 'string' && id !== ''
      ? []
      : [
          {
            field: `productIds[${i}]`,
            description: 'must be a product id string',
            violatedRule: 'FORMAT' as const,
          },
        ],
  );
  if (violations.length) throw validationError(violations);
  return ids as string[];
};

const guardAllProducts = (id: string) => {
  if (id === ALL_PRODUCTS_COLLECTION_ID) {
    throw applicationError(400, 'INVALID_ARGUMENT', 'The All Products collection cannot be changed');
  }
};

/**
 * Validates the writable collection fields: Wix's Catalog V1 Collection (`@wix/auto_sdk_stores_products`) takes a
 * name of 1–50 characters, a description of at most 600 and a slug of 1–100.
 */
const readCollectionInput = (body: unknown, requireName: boolean): Entity => {
  const input = asEntity(asEntity(body).collection);
  if (Object.keys(asEntity(body)).length === 0 || asEntity(body).collection === undefined) {
    throw invalidField('collection', 'collection is required', 'REQUIRED_FIELD');
  }
  if (requireName && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw invalidField('collection.name', 'name is required', 'REQUIRED_FIELD');
  }
  if (input.name !== undefined && typeof input.name !== 'string') {
    throw invalidField('collection.name', 'name must be a string', 'FORMAT');
  }
  for (const [field, max] of [
    ['name', 50],
    ['description', 600],
    ['slug', 100],
  ] as const) {
    const value = input[field];
    if (typeof value === 'string' && value.length > max) {
      throw invalidField(`collection.${field}`, `${field} must be at most ${max} characters`, 'MAX_LENGTH');
    }
  }
  if (input.visible !== undefined && typeof input.visible !== 'boolean') {
    throw invalidField('collection.visible', 'visible must be a boolean', 'FORMAT');
  }
  return input;
};

function queryCollections(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const query = parseLegacyQuery(ctx.body);
  const matching = [...ctx.site.collections.values()].filter((c) => matchesFilter(c, query.filter));
  const sorted = sortEntities(matching, query.sort);
  const body = asEntity(ctx.body);
  const opts = {
    count: body.includeNumberOfProducts === true,
    description: body.includeDescription === true,
  };
  return {
    body: {
      collections: sorted
        .slice(query.offset, query.offset + query.limit)
        .map((c) => render(ctx.site, c, opts)),
      metadata: { items: query.limit, offset: query.offset },
      totalResults: matching.length,
    },
  };
}

function getCollection(ctx: ApiContext) {
  const collection = collectionOf(ctx, ctx.params.id);
  return {
    body: {
      collection: render(ctx.site, collection, {
        count: flag(ctx, 'includeNumberOfProducts'),
        description: true,
      }),
    },
  };
}

function createCollection(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const input = readCollectionInput(ctx.body, true);
  const name = String(input.name);
  const taken = new Set([...ctx.site.collections.values()].map((c) => String(c.slug)));
  const collection: Entity = {
    id: newId(),
    name,
    slug: uniqueSlug(typeof input.slug === 'string' && input.slug ? input.slug : slugify(name), taken),
    visible: input.visible ?? true,
    media: { items: [] },
  };
  if (typeof input.description === 'string') collection.description = input.description;
  ctx.site.collections.set(String(collection.id), collection);
  return { body: { collection: structuredClone(collection) } };
}

function updateCollection(ctx: ApiContext) {
  const collection = collectionOf(ctx, ctx.params.id);
  guardAllProducts(String(collection.id));
  const input = readCollectionInput(ctx.body, false);
  if (input.id !== undefined && input.id !== collection.id) {
    throw invalidField('collection.id', 'collection.id must match the id in the path', 'CUSTOM');
  }
  for (const key of ['name', 'description', 'visible', 'slug'] as const) {
    if (input[key] !== undefined) collection[key] = input[key];
  }
  return { body: { collection: structuredClone(collection) } };
}

function deleteCollection(ctx: ApiContext) {
  const collection = collectionOf(ctx, ctx.params.id);
  guardAllProducts(String(collection.id));
  ctx.site.collections.delete(String(collection.id));
  for (const product of ctx.site.products.values()) {
    if (Array.isArray(product.collectionIds)) {
      product.collectionIds = product.collectionIds.filter((id) => id !== collection.id);
    }
  }
  return { body: {} };
}

const productsOf = (ctx: ApiContext, ids: string[]) => {
  const missing = ids.filter((id) => !ctx.site.products.has(id));
  if (missing.length) throw notFound('Product', missing.join(', '));
  return ids.map((id) => ctx.site.products.get(id) as Entity);
};

/** Adds the body's products to the collection (`member`) or removes them; products already so are left as they are. */
function setMembership(ctx: ApiContext, member: boolean) {
  const collection = collectionOf(ctx, ctx.params.id);
  guardAllProducts(String(collection.id));
  const products = productsOf(ctx, readProductIds(ctx.body));
  const stamp = ctx.now.toISOString();
  for (const product of products) {
    const ids = Array.isArray(product.collectionIds) ? (product.collectionIds as unknown[]) : [];
    if (ids.includes(collection.id) === member) continue;
    product.collectionIds = member ? [...ids, collection.id] : ids.filter((id) => id !== collection.id);
    product.lastUpdated = stamp;
  }
  return { body: {} };
}

const addProducts = (ctx: ApiContext) => setMembership(ctx, true);
const removeProducts = (ctx: ApiContext) => setMembership(ctx, false);

/** Stores Catalog V1 collections (docs/wix-behaviour.md#stores-catalog-v1). */
export const storesCollectionRoutes: ApiRoute[] = [
  { method: 'POST', path: '/stores/v1/collections/query', handler: queryCollections },
  { method: 'POST', path: '/stores/v1/collections/:id/productIds/delete', handler: removeProducts },
  { method: 'POST', path: '/stores/v1/collections/:id/productIds', handler: addProducts },
  { method: 'POST', path: '/stores/v1/collections', handler: createCollection },
  { method: 'GET', path: '/stores/v1/collections/:id', handler: getCollection },
  { method: 'PATCH', path: '/stores/v1/collections/:id', handler: updateCollection },
  { method: 'DELETE', path: '/stores/v1/collections/:id', handler: deleteCollection },
];
