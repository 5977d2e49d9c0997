import * as products from '@wix/auto_sdk_stores_products';
import type {
  GetCollectionRequestOriginal as GetCollectionRequest,
  QueryCollectionsRequestOriginal as QueryCollectionsRequest,
} from '@wix/auto_sdk_stores_products/meta';
import { describe, expect, it } from 'vitest';
import { collectionsCreate } from '#shared/wix/modules/collections/collections-create.ts';
import { collectionsDelete } from '#shared/wix/modules/collections/collections-delete.ts';
import { collectionsGet } from '#shared/wix/modules/collections/collections-get.ts';
import {
  collectionsAddProducts,
  collectionsRemoveProducts,
} from '#shared/wix/modules/collections/collections-products.ts';
import { collectionsSearch } from '#shared/wix/modules/collections/collections-search.ts';
import { collectionsUpdate } from '#shared/wix/modules/collections/collections-update.ts';
import {
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutBodyPathEchoes,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const V1 = { catalog: 'V1_CATALOG' } as const;
const COLLECTION = '1044e7e4-37d1-0705-c5b3-623baae212fd';
const PRODUCTS = ['a60fef92-ee29-070f-a7ed-9bbc3cc1c2f4', 'd9cd1d2f-8318-486b-a6f3-aa0c4e81ccd2'];

/**
 * The SDK's envelope, left out of the contract: it repeats the path's {id} (or {collection.id}) in the query of a
 * DELETE and in the body of a POST or PATCH, since it sends the whole payload after filling the path from it.
 */
const withoutEchoes = (r: WireRequest) => withoutBodyPathEchoes(withoutPathEchoes(r), 'id', 'collection.id');

/** A GET's query pairs as the REST gateway reads a request message's scalar fields (`true` for a boolean). */
const queryOf = (request: Omit<GetCollectionRequest, 'id'>) =>
  Object.entries(request).map(([key, value]) => [key, String(value)]);

// Catalog V1 collections. Wix's SDK writes them through @wix/auto_sdk_stores_products (Create/Update/Delete
// Collection, Add/Remove Products to/from Collection). It reads them only through @wix/auto_sdk_stores_collections,
// which calls Catalog's internal V2 read API (`/v2/collections…`, no public REST path); so Get and Query are checked
// against the REST request types the products package exports (`meta`) and Wix's documented examples instead.
describe('collections modules on Catalog V1 against Wix’s SDK (@wix/auto_sdk_stores_products)', () => {
  it('collections.create sends what createCollection sends', async () => {
    // Prepare
    const fields = { name: 'Summer', description: 'Hot days', visible: false, slug: 'summer' };
    // Act
    const ours = await wixflowRequests(collectionsCreate, fields, V1);
    const wix = await sdkRequests({ products }, (c) => c.products.createCollection(fields));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('collections.update sends what updateCollection sends: only the fields given', async () => {
    // Act
    const ours = await wixflowRequests(
      collectionsUpdate,
      { collectionId: COLLECTION, name: 'Autumn', visible: true },
      V1,
    );
    const wix = await sdkRequests({ products }, (c) =>
      c.products.updateCollection(COLLECTION, { name: 'Autumn', visible: true }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('collections.delete sends what deleteCollection sends', async () => {
    // Act
    const ours = await wixflowRequests(collectionsDelete, { collectionId: COLLECTION }, V1);
    const wix = await sdkRequests({ products }, (c) => c.products.deleteCollection(COLLECTION));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('collections.addProducts sends what addProductsToCollection sends', async () => {
    // Act
    const ours = await wixflowRequests(
      collectionsAddProducts,
      { collectionId: COLLECTION, productIds: PRODUCTS },
      V1,
    );
    const wix = await sdkRequests({ products }, (c) =>
      c.products.addProductsToCollection(COLLECTION, PRODUCTS),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('collections.removeProducts sends what removeProductsFromCollection sends', async () => {
    // Act
    const ours = await wixflowRequests(
      collectionsRemoveProducts,
      { collectionId: COLLECTION, productIds: PRODUCTS },
      V1,
    );
    const wix = await sdkRequests({ products }, (c) =>
      c.products.removeProductsFromCollection(COLLECTION, PRODUCTS),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('collections.get sends Get Collection’s request type: the id in the path, includeNumberOfProducts', async () => {
    // Prepare: the documented request is GET /stores/v1/collections/{id}?includeNumberOfProducts=true.
    const request: GetCollectionRequest = { id: COLLECTION, includeNumberOfProducts: true };
    const { id, ...query } = request;
    // Act
    const ours = await wixflowRequests(collectionsGet, { collectionId: COLLECTION }, V1);
    // Assess
    expect(ours.map(contractOf)).toEqual([
      { method: 'GET', path: `/stores/v1/collections/${id}`, query: queryOf(query), body: undefined },
    ]);
  });

  it('collections.search sends Query Collections’ request type: filter and sort as JSON strings, offset paging', async () => {
    // Prepare
    const filter = { name: { $startsWith: 'Sum' } };
    const request: QueryCollectionsRequest = {
      query: {
        filter: JSON.stringify(filter),
        sort: JSON.stringify([{ name: 'desc' }]),
        paging: { limit: 20, offset: 0 },
      },
      includeNumberOfProducts: true,
      includeDescription: true,
    };
    // Act
    const ours = await wixflowRequests(
      collectionsSearch,
      { filter, sort: 'name', order: 'desc', limit: 20 },
      V1,
    );
    // Assess
    expect(ours.map(contractOf)).toEqual([
      { method: 'POST', path: '/stores/v1/collections/query', query: [], body: request },
    ]);
  });
});
