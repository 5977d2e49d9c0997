import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken, tokenFor } from './helpers.ts';

const COFFEE = '32fd0b3a-2d38-2235-7754-78a3f819274a';
const ALL_PRODUCTS = '00000000-000000-000000-000000000001';
const BRAZILIAN = '0614129c-8777-9f3b-4dfe-b80a54df10d5';
const NOT_IN_COFFEE = '131604aa-169f-d3e8-f076-a967b03e880c';

describe('Wix sandbox Stores V1 collections', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken({ catalog: 'V1_CATALOG' }));
  });
  afterAll(() => sandbox.stop());

  it('serves the documented seeded collections with product counts and descriptions on request', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/collections/query', {
      auth,
      body: { query: {}, includeNumberOfProducts: true, includeDescription: true },
    });

    // Assess
    expect(result.status).toBe(200);
    expect(list(result.body, 'collections').map((c) => c.id)).toEqual([ALL_PRODUCTS, COFFEE]);
    expect(list(result.body, 'collections')[1]).toMatchObject({
      name: 'Coffee Products',
      numberOfProducts: 5,
    });
    expect(result.body.metadata).toEqual({ items: 100, offset: 0 });
    expect(result.body.totalResults).toBe(2);
  });

  it('filters collections with a stringified filter', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/collections/query', {
      auth,
      body: { query: { filter: JSON.stringify({ name: { $startsWith: 'coffee' } }) } },
    });

    // Assess
    expect(list(result.body, 'collections').map((c) => c.id)).toEqual([COFFEE]);
    expect(list(result.body, 'collections')[0]).not.toHaveProperty('description');
  });

  it('answers 400 with a field violation when the legacy filter is an object instead of a JSON string', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/collections/query', {
      auth,
      body: { query: { filter: { name: 'Coffee Products' } } },
    });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'query.filter',
    });
  });

  it('creates, reads, renames and deletes a collection', async () => {
    // Act
    const created = await call(sandbox, 'POST', '/stores/v1/collections', {
      auth,
      body: { collection: { name: 'New Arrivals' } },
    });
    const id = String(at(created.body, 'collection.id'));
    const fetched = await call(sandbox, 'GET', `/stores/v1/collections/${id}?includeNumberOfProducts=true`, {
      auth,
    });
    const renamed = await call(sandbox, 'PATCH', `/stores/v1/collections/${id}`, {
      auth,
      body: { collection: { id, name: 'Fresh' } },
    });
    const deleted = await call(sandbox, 'DELETE', `/stores/v1/collections/${id}`, { auth });
    const gone = await call(sandbox, 'GET', `/stores/v1/collections/${id}`, { auth });

    // Assess
    expect(created.body.collection).toEqual({
      id: expect.any(String),
      name: 'New Arrivals',
      slug: 'new-arrivals',
      visible: true,
      media: { items: [] },
    });
    expect(fetched.body.collection).toMatchObject({ id, name: 'New Arrivals', numberOfProducts: 0 });
    expect(renamed.body.collection).toMatchObject({ id, name: 'Fresh' });
    expect(deleted).toEqual({ status: 200, body: {} });
    expect(gone.status).toBe(404);
  });

  it('answers 400 naming collection.name when creating a collection without a name', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/collections', { auth, body: { collection: {} } });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'collection.name',
    });
  });

  it('answers 400 to a collection name over 50 characters and a slug over 100, as Wix’s V1 Collection limits them', async () => {
    // Act
    const longName = await call(sandbox, 'POST', '/stores/v1/collections', {
      auth,
      body: { collection: { name: 'n'.repeat(51) } },
    });
    const longSlug = await call(sandbox, 'PATCH', `/stores/v1/collections/${COFFEE}`, {
      auth,
      body: { collection: { slug: 's'.repeat(101) } },
    });
    const fits = await call(sandbox, 'POST', '/stores/v1/collections', {
      auth,
      body: { collection: { name: 'n'.repeat(50) } },
    });

    // Assess
    expect([longName.status, longSlug.status, fits.status]).toEqual([400, 400, 200]);
    expect(list(longName.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'collection.name',
      violatedRule: 'MAX_LENGTH',
    });
    expect(list(longSlug.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'collection.slug',
    });
  });

  it('adds products to a collection and removes them again', async () => {
    // Prepare
    const created = await call(sandbox, 'POST', '/stores/v1/collections', {
      auth,
      body: { collection: { name: 'Picks' } },
    });
    const id = String(at(created.body, 'collection.id'));

    // Act
    const added = await call(sandbox, 'POST', `/stores/v1/collections/${id}/productIds`, {
      auth,
      body: { productIds: [BRAZILIAN, NOT_IN_COFFEE] },
    });
    const afterAdd = await call(sandbox, 'GET', `/stores/v1/collections/${id}?includeNumberOfProducts=true`, {
      auth,
    });
    const removed = await call(sandbox, 'POST', `/stores/v1/collections/${id}/productIds/delete`, {
      auth,
      body: { productIds: [BRAZILIAN] },
    });
    const afterRemove = await call(
      sandbox,
      'GET',
      `/stores/v1/collections/${id}?includeNumberOfProducts=true`,
      { auth },
    );

    // Assess
    expect(added).toEqual({ status: 200, body: {} });
    expect(at(afterAdd.body, 'collection.numberOfProducts')).toBe(2);
    expect(removed).toEqual({ status: 200, body: {} });
    expect(at(afterRemove.body, 'collection.numberOfProducts')).toBe(1);
  });

  it('answers 404 when adding products to a collection that does not exist', async () => {
    // Act
    const result = await call(
      sandbox,
      'POST',
      '/stores/v1/collections/5f0e0e0e-0000-4000-8000-000000000000/productIds',
      {
        auth,
        body: { productIds: [BRAZILIAN] },
      },
    );

    // Assess
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ details: { applicationError: { code: 'NOT_FOUND' } } });
  });

  it('answers 400 when productIds is missing', async () => {
    // Act
    const result = await call(sandbox, 'POST', `/stores/v1/collections/${COFFEE}/productIds`, {
      auth,
      body: {},
    });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'productIds',
    });
  });

  it('answers 428 when a Catalog V3 site calls a V1 collections path', async () => {
    // Prepare
    const v3 = sandbox.addSite({ catalogVersion: 'V3_CATALOG' });

    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/collections/query', {
      auth: await tokenFor(sandbox, v3.instanceId),
      body: { query: {} },
    });

    // Assess
    expect(result.status).toBe(428);
  });
});
