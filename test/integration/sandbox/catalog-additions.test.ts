import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken, tokenFor } from './helpers.ts';

describe('Wix sandbox catalog endpoints added for the action modules', () => {
  let sandbox: WixSandbox;
  let auth: string;
  let v3Auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken({ catalog: 'V1_CATALOG' }));
    v3Auth = await tokenFor(sandbox, sandbox.addSite({ catalogVersion: 'V3_CATALOG' }).instanceId);
  });
  afterAll(() => sandbox.stop());

  it('adds media to a V1 product by URL, the first becoming its main media', async () => {
    // Prepare
    const created = await call(sandbox, 'POST', '/stores/v1/products', {
      auth,
      body: { product: { name: 'Cup', priceData: { price: 3 } } },
    });
    const id = at(created.body, 'product.id') as string;

    // Act
    const added = await call(sandbox, 'POST', `/stores/v1/products/${id}/media`, {
      auth,
      body: { media: [{ url: 'https://example.com/a.jpg' }, { url: 'https://example.com/b.jpg' }] },
    });
    const got = await call(sandbox, 'GET', `/stores/v1/products/${id}`, { auth });

    // Assess
    expect(added).toEqual({ status: 200, body: {} });
    expect(list(got.body, 'product.media.items')).toHaveLength(2);
    expect(at(got.body, 'product.media.mainMedia.image.url')).toBe('https://example.com/a.jpg');
  });

  it('answers 400 to a media item with neither or both of url and mediaId', async () => {
    const created = await call(sandbox, 'POST', '/stores/v1/products', {
      auth,
      body: { product: { name: 'Cup', priceData: { price: 3 } } },
    });
    const id = at(created.body, 'product.id') as string;

    const result = await call(sandbox, 'POST', `/stores/v1/products/${id}/media`, {
      auth,
      body: { media: [{}] },
    });

    expect(result.status).toBe(400);
    expect(at(result.body, 'details.validationError.fieldViolations.0.field')).toBe('media[0]');
  });

  it('answers 400 past the 10,000-item offset window of legacy Stores queries', async () => {
    const result = await call(sandbox, 'POST', '/stores/v1/products/query', {
      auth,
      body: { query: { paging: { limit: 100, offset: 9_950 } } },
    });

    expect(result.status).toBe(400);
    expect(String(result.body.message)).toContain('numericId');
  });

  it('changes a category’s visibility only through the visibility endpoint, with its revision', async () => {
    // Prepare
    const tree = { appNamespace: '@wix/stores' };
    const created = await call(sandbox, 'POST', '/categories/v1/categories', {
      auth: v3Auth,
      body: { category: { name: 'Hidden soon', description: 'd' }, treeReference: tree },
    });
    const id = at(created.body, 'category.id') as string;

    // Act
    const viaUpdate = await call(sandbox, 'PATCH', `/categories/v1/categories/${id}`, {
      auth: v3Auth,
      body: { category: { revision: '1', visible: false }, treeReference: tree },
    });
    const viaVisibility = await call(sandbox, 'PATCH', '/categories/v1/categories/visibility', {
      auth: v3Auth,
      body: { categoryId: id, visible: false, treeReference: tree, revision: '1' },
    });
    const stale = await call(sandbox, 'PATCH', '/categories/v1/categories/visibility', {
      auth: v3Auth,
      body: { categoryId: id, visible: true, treeReference: tree, revision: '1' },
    });

    // Assess
    expect(viaUpdate.status).toBe(400);
    expect(viaVisibility.status).toBe(200);
    expect(at(viaVisibility.body, 'category')).toMatchObject({ visible: false, revision: '2' });
    expect(at(created.body, 'category.description')).toBeUndefined();
    expect(stale.status).toBe(409);
  });

  it('returns a category’s description only when fields asks for DESCRIPTION', async () => {
    const tree = { appNamespace: '@wix/stores' };
    const created = await call(sandbox, 'POST', '/categories/v1/categories', {
      auth: v3Auth,
      body: {
        category: { name: 'Described', description: 'Plain text' },
        treeReference: tree,
        fields: ['DESCRIPTION'],
      },
    });
    const id = at(created.body, 'category.id') as string;

    const plain = await call(
      sandbox,
      'GET',
      `/categories/v1/categories/${id}?treeReference.appNamespace=@wix/stores`,
      {
        auth: v3Auth,
      },
    );
    const described = await call(
      sandbox,
      'GET',
      `/categories/v1/categories/${id}?treeReference.appNamespace=@wix/stores&fields=DESCRIPTION`,
      { auth: v3Auth },
    );

    expect(at(created.body, 'category.description')).toBe('Plain text');
    expect(at(plain.body, 'category.description')).toBeUndefined();
    expect(at(described.body, 'category.description')).toBe('Plain text');
  });

  it('carries a Search Products name filter in the cursor, and refuses a filter sent with a cursor', async () => {
    const instance = sandbox.addSite({ catalogVersion: 'V3_CATALOG' }).instanceId;
    const token = await tokenFor(sandbox, instance);
    sandbox.generateProducts(5, { instanceId: instance, prefix: 'Paged' });
    const first = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth: token,
      body: { search: { filter: { name: { $startsWith: 'Paged' } }, cursorPaging: { limit: 2 } } },
    });
    const cursor = at(first.body, 'pagingMetadata.cursors.next');

    const next = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth: token,
      body: { search: { cursorPaging: { limit: 10, cursor } } },
    });
    const both = await call(sandbox, 'POST', '/stores/v3/products/search', {
      auth: token,
      body: { search: { filter: { visible: true }, cursorPaging: { limit: 10, cursor } } },
    });

    expect(list(next.body, 'products').map((p) => String(p.name).startsWith('Paged'))).toEqual([
      true,
      true,
      true,
    ]);
    expect(both.status).toBe(400);
  });
});
