import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { routesOf, siteOn, withoutVersionLookup, wixError } from './harness.ts';

const STORES_APP_ID = '215238eb-22a5-4c36-9e7b-e7c08025e04e';
type Entity = { id: string; [key: string]: unknown };

describe('collections modules on a Catalog V1 site', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('asks the catalog version once per site, then uses Stores V1 collections', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    await site.run('collections.search', {});
    await site.run('collections.search', {});

    expect(routesOf(site.calls())).toEqual([
      'GET /stores/v3/provision/version',
      'POST /stores/v1/collections/query',
      'POST /stores/v1/collections/query',
    ]);
  });

  it('collections.search stringifies filter and sort, pages by offset and returns {items}', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    const out = (await site.run('collections.search', {
      filter: { name: { $startsWith: 'Coffee' } },
      sort: 'name',
      order: 'desc',
      limit: 5,
    })) as { items: Entity[] };

    const call = withoutVersionLookup(site.calls())[0];
    expect(call?.body).toEqual({
      query: {
        filter: '{"name":{"$startsWith":"Coffee"}}',
        sort: '[{"name":"desc"}]',
        paging: { limit: 5, offset: 0 },
      },
      includeNumberOfProducts: true,
      includeDescription: true,
    });
    expect(out.items.map((c) => c.name)).toEqual(['Coffee Products']);
  });

  it('create → update → addProducts → get → removeProducts → delete, each output feeding the next step', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    const products = (await site.run('products.search', { limit: 2 })) as { items: Entity[] };
    const productIds = products.items.map((p) => p.id);

    const created = (await site.run('collections.create', {
      name: 'New Arrivals',
      description: 'Fresh',
    })) as {
      collection: Entity;
    };
    const collectionId = created.collection.id;
    const updated = (await site.run('collections.update', {
      collectionId,
      name: 'Just In',
      visible: false,
    })) as {
      collection: Entity;
    };
    const added = await site.run('collections.addProducts', { collectionId, productIds });
    const got = (await site.run('collections.get', { collectionId })) as { collection: Entity };
    await site.run('collections.removeProducts', { collectionId, productIds: [productIds[0]] });
    const afterRemove = (await site.run('collections.get', { collectionId })) as { collection: Entity };
    const deleted = await site.run('collections.delete', { collectionId });

    const calls = withoutVersionLookup(site.calls()).slice(1);
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['POST', '/stores/v1/collections', { collection: { name: 'New Arrivals', description: 'Fresh' } }],
      [
        'PATCH',
        `/stores/v1/collections/${collectionId}`,
        { collection: { name: 'Just In', visible: false } },
      ],
      ['POST', `/stores/v1/collections/${collectionId}/productIds`, { productIds }],
      ['GET', `/stores/v1/collections/${collectionId}`, undefined],
      ['POST', `/stores/v1/collections/${collectionId}/productIds/delete`, { productIds: [productIds[0]] }],
      ['GET', `/stores/v1/collections/${collectionId}`, undefined],
      ['DELETE', `/stores/v1/collections/${collectionId}`, undefined],
    ]);
    expect(updated.collection).toMatchObject({ name: 'Just In', visible: false });
    expect(added).toEqual({});
    expect(got.collection.numberOfProducts).toBe(2);
    expect(afterRemove.collection.numberOfProducts).toBe(1);
    expect(deleted).toEqual({});
    expect((await wixError(site.run('collections.get', { collectionId }))).status).toBe(404);
  });

  it('fails with Wix’s 404, not retryable, for an unknown collection', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    const error = await wixError(
      site.run('collections.addProducts', { collectionId: 'nope', productIds: ['p'] }),
    );

    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', retryable: false });
  });
});

describe('collections modules on a Catalog V3 site (Categories API)', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('collections.search queries the Stores category tree with an object filter and cursor paging', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');

    const out = (await site.run('collections.search', {
      filter: '{"name": "Coffee Products"}',
      limit: 10,
    })) as {
      items: Entity[];
    };

    const calls = site.calls();
    expect(routesOf(calls)).toEqual([
      'GET /stores/v3/provision/version',
      'POST /categories/v1/categories/query',
    ]);
    expect(calls[1]?.body).toEqual({
      query: { filter: { name: 'Coffee Products' }, cursorPaging: { limit: 10 } },
      treeReference: { appNamespace: '@wix/stores' },
      returnNonVisibleCategories: true,
      fields: ['DESCRIPTION'],
    });
    expect(out.items.map((c) => c.name)).toEqual(['Coffee Products']);
  });

  it('the same rule steps use categories: create, update (revision, visibility), add/remove items, get, delete', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    const products = (await site.run('products.search', { limit: 2 })) as { items: Entity[] };
    const productIds = products.items.map((p) => p.id);

    const created = (await site.run('collections.create', {
      name: 'New Arrivals',
      description: 'Fresh',
    })) as {
      category: Entity;
      collection: Entity;
    };
    const collectionId = created.collection.id;
    const updated = (await site.run('collections.update', {
      collectionId,
      name: 'Just In',
      visible: false,
    })) as {
      collection: Entity;
    };
    const added = (await site.run('collections.addProducts', { collectionId, productIds })) as {
      bulkActionMetadata: unknown;
    };
    const got = (await site.run('collections.get', { collectionId })) as { collection: Entity };
    await site.run('collections.removeProducts', { collectionId, productIds: [productIds[0]] });
    await site.run('collections.delete', { collectionId });

    const tree = { appNamespace: '@wix/stores' };
    const items = productIds.map((catalogItemId) => ({ catalogItemId, appId: STORES_APP_ID }));
    const calls = withoutVersionLookup(site.calls()).slice(1);
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      [
        'POST',
        '/categories/v1/categories',
        {
          category: { name: 'New Arrivals', description: 'Fresh' },
          treeReference: tree,
          fields: ['DESCRIPTION'],
        },
      ],
      ['GET', `/categories/v1/categories/${collectionId}`, undefined],
      [
        'PATCH',
        `/categories/v1/categories/${collectionId}`,
        { category: { revision: '1', name: 'Just In' }, treeReference: tree, fields: ['DESCRIPTION'] },
      ],
      [
        'PATCH',
        '/categories/v1/categories/visibility',
        {
          categoryId: collectionId,
          visible: false,
          treeReference: tree,
          revision: '2',
          fields: ['DESCRIPTION'],
        },
      ],
      ['POST', `/categories/v1/bulk/categories/${collectionId}/add-items`, { items, treeReference: tree }],
      ['GET', `/categories/v1/categories/${collectionId}`, undefined],
      [
        'POST',
        `/categories/v1/bulk/categories/${collectionId}/remove-items`,
        { items: [items[0]], treeReference: tree },
      ],
      ['DELETE', `/categories/v1/categories/${collectionId}`, undefined],
    ]);
    expect(calls[1]?.query).toEqual({ 'treeReference.appNamespace': '@wix/stores', fields: 'DESCRIPTION' });
    expect(calls.at(-1)?.query).toEqual({ 'treeReference.appNamespace': '@wix/stores' });
    expect(created.category).toBe(created.collection);
    expect(created.collection).toMatchObject({ name: 'New Arrivals', description: 'Fresh' });
    expect(updated.collection).toMatchObject({ name: 'Just In', visible: false, revision: '3' });
    expect(added.bulkActionMetadata).toMatchObject({ totalSuccesses: 2, totalFailures: 0 });
    expect(got.collection).toMatchObject({ id: collectionId, itemCounter: 2 });
  });

  it('collections.addProducts fails, not retryable, naming each product Wix could not add and no other', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    const { collection } = (await site.run('collections.create', { name: 'X' })) as { collection: Entity };
    const { items } = (await site.run('products.search', { limit: 1 })) as { items: Entity[] };
    const real = String(items[0]?.id);

    const error = await wixError(
      site.run('collections.addProducts', {
        collectionId: collection.id,
        productIds: ['no-such-product', real, 'nor-this-one'],
      }),
    );

    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect(error.message).toBe(
      `Wix could not add 2 of 3 products in category ${collection.id}: ` +
        'no-such-product (NOT_FOUND: No such product), nor-this-one (NOT_FOUND: No such product)',
    );
  });
});
