import * as products from '@wix/auto_sdk_stores_products';
import { describe, expect, it } from 'vitest';
import { productsCreate } from '#shared/wix/modules/products/products-create.ts';
import { productsDelete } from '#shared/wix/modules/products/products-delete.ts';
import { productsGet } from '#shared/wix/modules/products/products-get.ts';
import { productsSearch } from '#shared/wix/modules/products/products-search.ts';
import { productsUpdate } from '#shared/wix/modules/products/products-update.ts';
import {
  asPost,
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const PRODUCT_ID = '1044e7e4-37d1-0705-c5b3-623baae212fd';

/**
 * Wix's SDK reads V1 products from the Stores reader service (`/stores-reader/v1/products/…`); the Stores V1 REST
 * reference, which wixflow follows, serves the same read at `/stores/v1/products/…`. The rest of the request is
 * compared as it is.
 */
const asRestPath = (request: WireRequest): WireRequest => ({
  ...request,
  path: request.path.replace(/^\/stores-reader\/v1\/products\//, '/stores/v1/products/'),
});

/** The SDK repeats the path's product id inside Add Product Media's body; Wix routes by the path. */
const withoutBodyIdEcho = (request: WireRequest): WireRequest => {
  const body = request.body as Record<string, unknown> | undefined;
  if (!body || !request.path.endsWith('/media') || !request.path.includes(String(body.id))) return request;
  const { id: _echo, ...rest } = body;
  return { ...request, body: rest };
};

const wire = (requests: WireRequest[]) =>
  requests.map((r) => contractOf(withoutBodyIdEcho(asRestPath(withoutPathEchoes(r)))));

const onV1 = (module: Parameters<typeof wixflowRequests>[0], input: unknown) =>
  wixflowRequests(module, input, {
    catalog: 'V1_CATALOG',
    respond: (r) =>
      r.method === 'POST' && r.path === '/stores/v1/products' ? { product: { id: PRODUCT_ID } } : {},
  });

describe('Catalog V1 products modules against Wix’s SDK (@wix/auto_sdk_stores_products)', () => {
  it('products.create sends what createProduct, addProductMedia and getProduct send', async () => {
    // Prepare
    const input = {
      name: 'Mug',
      price: 8,
      sku: 'MUG-1',
      description: '<p>A mug</p>',
      weight: 0.3,
      visible: false,
      discount: { type: 'PERCENT', value: 10 },
      manageVariants: true,
      productOptions: [
        { name: 'Colour', optionType: 'color', choices: [{ value: '#000000', description: 'Black' }] },
      ],
      media: ['https://static.wixstatic.com/media/mug.jpg'],
    };

    // Act
    const ours = await onV1(productsCreate, input);
    const wix = await sdkRequests({ products }, async (c) => {
      await c.products.createProduct({
        name: 'Mug',
        productType: 'physical',
        priceData: { price: 8 },
        description: '<p>A mug</p>',
        sku: 'MUG-1',
        visible: false,
        weight: 0.3,
        discount: { type: 'PERCENT', value: 10 },
        manageVariants: true,
        productOptions: [
          { name: 'Colour', optionType: 'color', choices: [{ value: '#000000', description: 'Black' }] },
        ],
      });
      await c.products.addProductMedia(PRODUCT_ID, [{ url: 'https://static.wixstatic.com/media/mug.jpg' }]);
      await c.products.getProduct(PRODUCT_ID);
    });

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.get sends what getProduct sends (at the REST reference’s path)', async () => {
    // Act
    const ours = await onV1(productsGet, { productId: PRODUCT_ID });
    const wix = await sdkRequests({ products }, (c) => c.products.getProduct(PRODUCT_ID));

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.update sends what updateProduct sends', async () => {
    // Act
    const ours = await onV1(productsUpdate, {
      productId: PRODUCT_ID,
      name: 'Big Mug',
      price: 12,
      visible: true,
    });
    const wix = await sdkRequests({ products }, (c) =>
      c.products.updateProduct(PRODUCT_ID, { name: 'Big Mug', priceData: { price: 12 }, visible: true }),
    );

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.delete sends what deleteProduct sends', async () => {
    // Act
    const ours = await onV1(productsDelete, { productId: PRODUCT_ID });
    const wix = await sdkRequests({ products }, (c) => c.products.deleteProduct(PRODUCT_ID));

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.search asks for the same filter, sort and page as queryProducts, in the REST reference’s form', async () => {
    // Act
    const ours = await onV1(productsSearch, {
      filter: { $and: [{ name: { $startsWith: 'Sum' } }, { 'priceData.price': { $lt: 20 } }] },
      sort: 'name',
      order: 'desc',
      limit: 50,
    });
    const [sdk, ...more] = await sdkRequests({ products }, (c) =>
      c.products
        .queryProducts()
        .startsWith('name', 'Sum')
        .lt('priceData.price', 20)
        .descending('name')
        .limit(50)
        .find(),
    );

    // Assess: the SDK queries the reader service's platformized endpoint with an object filter and a modern
    // sort; the Stores V1 REST reference (what wixflow calls) takes the same query at /stores/v1/products/query
    // with filter and sort as JSON strings and the sort as [{field: order}].
    const [mine, ...extra] = ours;
    if (!sdk || !mine) throw new Error('expected one request from each');
    expect([more, extra]).toEqual([[], []]);
    const wix = (asPost(sdk).body as { query: Record<string, unknown> }).query;
    expect(sdk.path).toBe('/stores-reader/v1/products/query-platformized');
    const query = (mine.body as { query: { filter: string; sort: string; paging: unknown } }).query;
    expect(mine).toMatchObject({ method: 'POST', path: '/stores/v1/products/query' });
    expect(JSON.parse(query.filter)).toEqual(wix.filter);
    expect(
      (JSON.parse(query.sort) as Record<string, string>[]).map((s) =>
        Object.entries(s).map(([fieldName, order]) => ({ fieldName, order: order.toUpperCase() })),
      ),
    ).toEqual([wix.sort]);
    expect(query.paging).toEqual(wix.paging);
  });
});
