import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken, tokenFor } from './helpers.ts';

const COFFEE = '32fd0b3a-2d38-2235-7754-78a3f819274a';

describe('Wix sandbox Stores V1 products', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken({ catalog: 'V1_CATALOG' }));
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
          sort: [{ fieldName: 'slug', order: 'ASC' }],
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

  it('answers VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT to an update sending variants without options', async () => {
    // Prepare
    const created = await call(sandbox, 'POST', '/stores/v3/products', { auth, body: newProduct('Cup') });
    const product = at(created.body, 'product') as { id: string; options: unknown; variantsInfo: unknown };

    // Act
    const variantsOnly = await call(sandbox, 'PATCH', `/stores/v3/products/${product.id}`, {
      auth,
      body: { product: { id: product.id, revision: '1', variantsInfo: product.variantsInfo } },
    });
    const optionsOnly = await call(sandbox, 'PATCH', `/stores/v3/products/${product.id}`, {
      auth,
      body: { product: { id: product.id, revision: '1', options: product.options } },
    });
    const both = await call(sandbox, 'PATCH', `/stores/v3/products/${product.id}`, {
      auth,
      body: {
        product: {
          id: product.id,
          revision: '1',
          options: product.options,
          variantsInfo: product.variantsInfo,
        },
      },
    });

    // Assess
    for (const refused of [variantsOnly, optionsOnly]) {
      expect(refused.status).toBe(400);
      expect(at(refused.body, 'details.applicationError.code')).toBe('VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT');
      expect(list(refused.body, 'details.applicationError.data.variants')[0]).toMatchObject({
        variantId: at(product, 'variantsInfo.variants.0.id'),
      });
    }
    expect(both.status).toBe(200);
    expect(at(both.body, 'product.revision')).toBe('2');
  });

  it('answers 400 to a Query Products filter or sort on a field Query does not declare, in Wix’s words', async () => {
    // Act
    const byName = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: { query: { filter: { name: { $startsWith: 'Mu' } } } },
    });
    const sortedByName = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: { query: { sort: [{ fieldName: 'name', order: 'ASC' }] } },
    });
    const nested = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: {
        query: { filter: { $or: [{ visible: true }, { 'actualPriceRange.minValue.amount': { $gt: 1 } }] } },
      },
    });
    const optionsStartsWith = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: { query: { filter: { 'options.id': { $startsWith: 'a' } } } },
    });

    // Assess
    expect(byName).toMatchObject({
      status: 400,
      body: { message: "Field 'name' is not declared as filterable" },
    });
    expect(list(byName.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'query.filter',
    });
    expect(sortedByName).toMatchObject({
      status: 400,
      body: { message: "Field 'name' is not declared as sortable" },
    });
    expect(nested.body.message).toBe(
      "Field 'actualPriceRange.minValue.amount' is not declared as filterable",
    );
    expect(optionsStartsWith.body.message).toBe(
      "Operator '$startsWith' is not supported for field 'options.id'",
    );
  });

  it('searches V3 products by name filter, price sort and search.expression', async () => {
    // Prepare
    for (const name of ['Summer tee', 'Summer hat', 'Winter tee'])
      await call(sandbox, 'POST', '/stores/v3/products', { auth, body: newProduct(name) });

    // Act
    const byName = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth,
      body: {
        search: {
          filter: { name: { $startsWith: 'summer' } },
          sort: [{ fieldName: 'name', order: 'DESC' }],
          cursorPaging: { limit: 10 },
        },
      },
    });
    const byText = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth,
      body: { search: { search: { expression: 'tee' }, filter: { visible: true } } },
    });
    const bySlugSort = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth,
      body: { search: { sort: [{ fieldName: 'slug' }] } },
    });

    // Assess
    expect(list(byName.body, 'products').map((p) => p.name)).toEqual(['Summer tee', 'Summer hat']);
    expect(
      list(byText.body, 'products')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Summer tee', 'Winter tee']);
    expect(bySlugSort).toMatchObject({
      status: 400,
      body: { message: "Field 'slug' is not declared as sortable" },
    });
  });

  it('returns the heavy parts of a product only when `fields` asks for them, and refuses an unknown field', async () => {
    // Prepare
    const body = newProduct('Lamp');
    Object.assign(body.product, {
      plainDescription: 'A lamp',
      media: { itemsInfo: { items: [{ url: 'https://static.wixstatic.com/media/lamp.jpg' }] } },
    });
    const created = await call(sandbox, 'POST', '/stores/v3/products', { auth, body });
    const id = String(at(created.body, 'product.id'));

    // Act
    const bare = await call(sandbox, 'GET', `/stores/v3/products/${id}`, { auth });
    const asked = await call(
      sandbox,
      'GET',
      `/stores/v3/products/${id}?fields=PLAIN_DESCRIPTION&fields=MEDIA_ITEMS_INFO&fields=CURRENCY`,
      { auth },
    );
    const listed = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth,
      body: { query: { filter: { id } }, fields: ['PLAIN_DESCRIPTION', 'ALL_CATEGORIES_INFO'] },
    });
    const unknown = await call(sandbox, 'GET', `/stores/v3/products/${id}?fields=EVERYTHING`, { auth });

    // Assess
    for (const answer of [created.body, bare.body]) {
      const product = at(answer, 'product') as Record<string, unknown>;
      for (const heavy of ['plainDescription', 'currency', 'directCategoriesInfo', 'allCategoriesInfo'])
        expect(product).not.toHaveProperty(heavy);
      expect(product.media).toEqual({});
      expect(JSON.stringify(product)).not.toContain('formattedAmount');
      expect(at(product, 'variantsInfo.variants.0.price.actualPrice')).toEqual({ amount: '18.50' });
    }
    expect(asked.body.product).toMatchObject({
      plainDescription: 'A lamp',
      currency: 'USD',
      media: { itemsInfo: { items: [{ url: 'https://static.wixstatic.com/media/lamp.jpg' }] } },
      actualPriceRange: { minValue: { amount: '18.50', formattedAmount: '$18.50' } },
    });
    expect(asked.body.product).not.toHaveProperty('directCategoriesInfo');
    expect(list(listed.body, 'products')[0]).toMatchObject({
      plainDescription: 'A lamp',
      allCategoriesInfo: { categories: [] },
    });
    expect(list(listed.body, 'products')[0]).not.toHaveProperty('currency');
    expect(unknown.status).toBe(400);
    expect(list(unknown.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'fields[0]',
    });
  });

  it('gives options and choices ids, and names variants’ choices only when VARIANT_OPTION_CHOICE_NAMES asks', async () => {
    // Prepare
    const size = (name: string) => ({
      optionChoiceNames: { optionName: 'Size', choiceName: name, renderType: 'TEXT_CHOICES' },
    });
    const body = {
      product: {
        ...newProduct('Sock').product,
        options: [
          {
            name: 'Size',
            optionRenderType: 'TEXT_CHOICES',
            choicesSettings: {
              choices: [
                { choiceType: 'CHOICE_TEXT', name: 'S' },
                { choiceType: 'CHOICE_TEXT', name: 'L' },
              ],
            },
          },
        ],
        variantsInfo: {
          variants: ['S', 'L'].map((n) => ({ choices: [size(n)], price: { actualPrice: { amount: '3' } } })),
        },
      },
    };
    const created = await call(sandbox, 'POST', '/stores/v3/products', { auth, body });
    const id = String(at(created.body, 'product.id'));

    // Act
    const bare = await call(sandbox, 'GET', `/stores/v3/products/${id}`, { auth });
    const named = await call(sandbox, 'GET', `/stores/v3/products/${id}?fields=VARIANT_OPTION_CHOICE_NAMES`, {
      auth,
    });
    const product = bare.body.product as Record<string, unknown>;
    const sameByIds = await call(sandbox, 'PATCH', `/stores/v3/products/${id}`, {
      auth,
      body: { product: { id, revision: '1', options: product.options, variantsInfo: product.variantsInfo } },
    });

    // Assess
    const optionId = at(bare.body, 'product.options.0.id');
    const choiceId = at(bare.body, 'product.options.0.choicesSettings.choices.1.choiceId');
    expect(optionId).toEqual(expect.any(String));
    expect(at(bare.body, 'product.variantsInfo.variants.1.choices')).toEqual([
      { optionChoiceIds: { optionId, choiceId } },
    ]);
    expect(at(named.body, 'product.variantsInfo.variants.1.choices')).toEqual([
      { optionChoiceIds: { optionId, choiceId }, ...size('L') },
    ]);
    expect(sameByIds.status).toBe(200);
  });

  it('answers 428 when a V1 site calls a V3 products path', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v3/products/query', {
      auth: await tokenFor(sandbox, sandbox.addSite({ catalogVersion: 'V1_CATALOG' }).instanceId),
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
    const inProduct = await call(
      sandbox,
      'GET',
      `/stores/v3/products/${productId}?fields=DIRECT_CATEGORIES_INFO`,
      { auth },
    );
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
