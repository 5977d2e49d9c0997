import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken, tokenFor } from './helpers.ts';

const COFFEE = '32fd0b3a-2d38-2235-7754-78a3f819274a';

describe('Wix sandbox Stores V1 products', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken());
  });
  afterAll(() => sandbox.stop());

  const query = (body: unknown) => call(sandbox, 'POST', '/stores/v1/products/query', { auth, body });

  it('filters products by collection with a stringified $hasSome filter', async () => {
    // Act
    const result = await query({
      query: { filter: JSON.stringify({ 'collections.id': { $hasSome: [COFFEE] } }) },
    });

    // Assess
    expect(result.status).toBe(200);
    expect(list(result.body, 'products')).toHaveLength(5);
    expect(result.body.totalResults).toBe(5);
  });

  it('sorts by price descending with the documented stringified sort', async () => {
    // Act
    const result = await query({ query: { sort: '[{"price": "desc"}]', paging: { limit: 100 } } });

    // Assess
    const prices = list(result.body, 'products').map((p) => Number(at(p, 'priceData.price')));
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
  });

  it('pages by offset and crawls by numericId', async () => {
    // Prepare
    const firstPage = await query({ query: { sort: '[{"numericId": "asc"}]', paging: { limit: 2 } } });
    const last = list(firstPage.body, 'products').at(-1)?.numericId;

    // Act
    const byOffset = await query({
      query: { sort: '[{"numericId": "asc"}]', paging: { limit: 2, offset: 2 } },
    });
    const byCrawl = await query({
      query: {
        sort: '[{"numericId": "asc"}]',
        filter: JSON.stringify({ numericId: { $gt: Number(last) } }),
        paging: { limit: 2 },
      },
    });

    // Assess
    expect(firstPage.body.metadata).toEqual({ items: 2, offset: 0 });
    expect(list(byCrawl.body, 'products').map((p) => p.id)).toEqual(
      list(byOffset.body, 'products').map((p) => p.id),
    );
  });

  it('answers 400 for a page larger than 100 and for an object sort', async () => {
    // Act
    const tooBig = await query({ query: { paging: { limit: 101 } } });
    const objectSort = await query({ query: { sort: [{ price: 'desc' }] } });

    // Assess
    expect(tooBig.status).toBe(400);
    expect(list(tooBig.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'query.paging.limit',
      violatedRule: 'MAX',
    });
    expect(objectSort.status).toBe(400);
  });

  it('creates a product with derived prices and variants, then reads, updates and deletes it', async () => {
    // Act
    const created = await call(sandbox, 'POST', '/stores/v1/products', {
      auth,
      body: {
        product: {
          name: 'T-shirt',
          productType: 'physical',
          priceData: { price: 10.5 },
          sku: '123df',
          visible: false,
          weight: 0.2,
          discount: { type: 'AMOUNT', value: 1 },
          manageVariants: true,
          productOptions: [
            {
              name: 'Size',
              choices: [
                { value: 'S', description: 'S' },
                { value: 'L', description: 'L' },
              ],
            },
          ],
        },
      },
    });
    const id = String(at(created.body, 'product.id'));
    const fetched = await call(sandbox, 'GET', `/stores/v1/products/${id}`, { auth });
    const updated = await call(sandbox, 'PATCH', `/stores/v1/products/${id}`, {
      auth,
      body: { product: { priceData: { price: 12.5 } } },
    });
    const hiddenByDefault = await query({ query: { filter: JSON.stringify({ id }) } });
    const withHidden = await query({
      query: { filter: JSON.stringify({ id }) },
      includeHiddenProducts: true,
    });
    const deleted = await call(sandbox, 'DELETE', `/stores/v1/products/${id}`, { auth });
    const gone = await call(sandbox, 'GET', `/stores/v1/products/${id}`, { auth });

    // Assess
    expect(created.status).toBe(200);
    expect(created.body.product).toMatchObject({
      name: 'T-shirt',
      slug: expect.stringMatching(/^t-shirt/),
      visible: false,
      productType: 'physical',
      priceData: { currency: 'USD', price: 10.5, discountedPrice: 9.5, formatted: { price: '$10.50' } },
      collectionIds: ['00000000-000000-000000-000000000001'],
      productOptions: [{ optionType: 'drop_down', name: 'Size' }],
    });
    expect(list(created.body, 'product.variants').map((v) => v.choices)).toEqual([
      { Size: 'S' },
      { Size: 'L' },
    ]);
    expect(at(fetched.body, 'product.id')).toBe(id);
    expect(at(updated.body, 'product.priceData.discountedPrice')).toBe(11.5);
    expect(list(hiddenByDefault.body, 'products')).toHaveLength(0);
    expect(list(withHidden.body, 'products')).toHaveLength(1);
    expect(deleted).toEqual({ status: 200, body: {} });
    expect(gone.status).toBe(404);
  });

  it('answers 400 naming each missing required field of a new product', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/products', { auth, body: { product: {} } });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations').map((v) => v.field)).toEqual([
      'product.name',
      'product.priceData.price',
    ]);
  });

  it('gives new products strictly increasing numericIds', async () => {
    // Act
    const a = await call(sandbox, 'POST', '/stores/v1/products', {
      auth,
      body: { product: { name: 'A', priceData: { price: 1 } } },
    });
    const b = await call(sandbox, 'POST', '/stores/v1/products', {
      auth,
      body: { product: { name: 'B', priceData: { price: 1 } } },
    });

    // Assess
    expect(BigInt(String(at(b.body, 'product.numericId')))).toBeGreaterThan(
      BigInt(String(at(a.body, 'product.numericId'))),
    );
  });
});

describe('Wix sandbox Stores Catalog V3 products and Categories', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    sandbox = await startWixSandbox();
    const site = sandbox.addSite({ catalogVersion: 'V3_CATALOG' });
    auth = await tokenFor(sandbox, site.instanceId);
  });
  afterAll(() => sandbox.stop());

  const newProduct = (name: string) => ({
    product: {
      name,
      productType: 'PHYSICAL',
      physicalProperties: {},
      variantsInfo: { variants: [{ price: { actualPrice: { amount: '18.50' } }, physicalProperties: {} }] },
    },
  });

  it('creates, reads, updates with the current revision, and deletes a V3 product', async () => {
    // Act
    const created = await call(sandbox, 'POST', '/stores/v3/products', { auth, body: newProduct('Mug') });
    const id = String(at(created.body, 'product.id'));
    const fetched = await call(sandbox, 'GET', `/stores/v3/products/${id}`, { auth });
    const updated = await call(sandbox, 'PATCH', `/stores/v3/products/${id}`, {
      auth,
      body: { product: { id, revision: '1', name: 'Big Mug' } },
    });
    const stale = await call(sandbox, 'PATCH', `/stores/v3/products/${id}`, {
      auth,
      body: { product: { id, revision: '1', name: 'Stale' } },
    });
    const deleted = await call(sandbox, 'DELETE', `/stores/v3/products/${id}`, { auth });

    // Assess
    expect(created.body.product).toMatchObject({
      name: 'Mug',
      slug: 'mug',
      revision: '1',
      productType: 'PHYSICAL',
      actualPriceRange: { minValue: { amount: '18.50' } },
    });
    expect(at(fetched.body, 'product.variantsInfo.variants.0.price.actualPrice.amount')).toBe('18.50');
    expect(updated.body.product).toMatchObject({ name: 'Big Mug', revision: '2' });
    expect(stale.status).toBe(409);
    expect(deleted).toEqual({ status: 200, body: {} });
  });

  it('answers 400 when a V3 product has no variants', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v3/products', {
      auth,
      body: { product: { name: 'X', productType: 'PHYSICAL' } },
    });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'product.variantsInfo.variants',
    });
  });

  it('queries V3 products with an object filter and cursor paging', async () => {
    // Act
    const first = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: {
        query: {
          filter: { visible: true },
          sort: [{ fieldName: 'name', order: 'ASC' }],
          cursorPaging: { limit: 2 },
        },
      },
    });
    const next = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: { query: { cursorPaging: { limit: 2, cursor: at(first.body, 'pagingMetadata.cursors.next') } } },
    });

    // Assess
    expect(list(first.body, 'products')).toHaveLength(2);
    expect(first.body.pagingMetadata).toMatchObject({ count: 2, hasNext: true });
    expect(list(first.body, 'products')[0]).not.toHaveProperty('variantsInfo');
    expect(next.status).toBe(200);
    expect(list(next.body, 'products')).toHaveLength(2);
  });

  it('answers 428 when a V1 site calls a V3 products path', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth: await tokenFor(sandbox),
      body: { query: {} },
    });

    // Assess
    expect(result.status).toBe(428);
  });

  it('creates a category, adds and removes a product, and deletes it', async () => {
    // Prepare
    const treeReference = { appNamespace: '@wix/stores', treeKey: null };
    const product = await call(sandbox, 'POST', '/stores/v3/products', { auth, body: newProduct('Tea') });
    const productId = String(at(product.body, 'product.id'));
    const item = { catalogItemId: productId, appId: '215238eb-22a5-4c36-9e7b-e7c08025e04e' };

    // Act
    const created = await call(sandbox, 'POST', '/categories/v1/categories', {
      auth,
      body: { category: { name: 'Sale' }, treeReference },
    });
    const categoryId = String(at(created.body, 'category.id'));
    const added = await call(sandbox, 'POST', `/categories/v1/bulk/categories/${categoryId}/add-items`, {
      auth,
      body: { items: [item], treeReference },
    });
    const queried = await call(sandbox, 'POST', '/categories/v1/categories/query', {
      auth,
      body: { query: { filter: { id: { $in: [categoryId] } } }, treeReference },
    });
    const inProduct = await call(sandbox, 'GET', `/stores/v3/products/${productId}`, { auth });
    const removed = await call(sandbox, 'POST', `/categories/v1/bulk/categories/${categoryId}/remove-items`, {
      auth,
      body: { items: [item], treeReference },
    });
    const renamed = await call(sandbox, 'PATCH', `/categories/v1/categories/${categoryId}`, {
      auth,
      body: { category: { revision: '1', name: 'Big Sale' }, treeReference },
    });
    const deleted = await call(
      sandbox,
      'DELETE',
      `/categories/v1/categories/${categoryId}?treeReference.appNamespace=@wix/stores`,
      { auth },
    );

    // Assess
    expect(created.body.category).toMatchObject({ name: 'Sale', slug: 'sale', revision: '1', visible: true });
    expect(added.body).toEqual({
      results: [{ itemMetadata: { item, originalIndex: 0, success: true } }],
      bulkActionMetadata: { totalSuccesses: 1, totalFailures: 0, undetailedFailures: 0 },
    });
    expect(list(queried.body, 'categories')[0]).toMatchObject({ id: categoryId, numberOfItems: 1 });
    expect(list(inProduct.body, 'product.directCategoriesInfo.categories').map((c) => c.id)).toContain(
      categoryId,
    );
    expect(removed.body).toMatchObject({ bulkActionMetadata: { totalSuccesses: 1 } });
    expect(renamed.body.category).toMatchObject({ name: 'Big Sale', revision: '2' });
    expect(deleted).toEqual({ status: 200, body: {} });
  });

  it('answers 400 when a category call has no treeReference, Get and Delete included', async () => {
    // Prepare
    const created = await call(sandbox, 'POST', '/categories/v1/categories', {
      auth,
      body: { category: { name: 'Treeless' }, treeReference: { appNamespace: '@wix/stores' } },
    });
    const path = `/categories/v1/categories/${String(at(created.body, 'category.id'))}`;

    // Act
    const create = await call(sandbox, 'POST', '/categories/v1/categories', {
      auth,
      body: { category: { name: 'X' } },
    });
    const get = await call(sandbox, 'GET', path, { auth });
    const remove = await call(sandbox, 'DELETE', path, { auth });
    const still = await call(sandbox, 'GET', `${path}?treeReference.appNamespace=@wix/stores`, { auth });

    // Assess
    for (const refused of [create, get, remove]) {
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        details: {
          validationError: {
            fieldViolations: [{ field: 'treeReference.appNamespace', violatedRule: 'REQUIRED_FIELD' }],
          },
        },
      });
    }
    expect(still.status).toBe(200);
  });

  it('answers 400 for any category tree but @wix/stores', async () => {
    // Act
    const legacy = await call(sandbox, 'POST', '/categories/v1/categories/query', {
      auth,
      body: { query: {}, treeReference: { appNamespace: '@stores/products' } },
    });
    const other = await call(
      sandbox,
      'GET',
      '/categories/v1/categories/00000000-0000-4000-8000-000000000000?treeReference.appNamespace=@wix/bookings',
      { auth },
    );

    // Assess
    expect([legacy.status, other.status]).toEqual([400, 400]);
    expect(String(legacy.body.message)).toContain('only @wix/stores is supported');
  });
});
