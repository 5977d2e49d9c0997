import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import { V3_LISTED_PRODUCT_FIELDS, V3_PRODUCT_FIELDS } from '#shared/wix/modules/products/v3-product.ts';
import { routesOf, runModule, siteOn, withoutVersionLookup, wixError } from './harness.ts';

type Entity = { id: string; [key: string]: unknown };
type Product = Entity & { revision?: string; options?: unknown; variantsInfo?: { variants: Entity[] } };

const TSHIRT = {
  name: 'T-shirt',
  price: 10.5,
  sku: '123df',
  description: 'nice summer t-shirt',
  weight: 0.2,
  discount: { type: 'AMOUNT', value: 1 },
  manageVariants: true,
  productOptions: [
    { name: 'Size', choices: ['S', 'L'] },
    { name: 'Color', optionType: 'color', choices: [{ value: '#000000', description: 'Black' }] },
  ],
  media: ['https://static.wixstatic.com/media/tshirt.jpg'],
  visible: false,
};

describe('products modules on a Catalog V1 site', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('products.create posts Wix’s documented V1 body, adds the media, and returns the product with it', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    const out = (await site.run('products.create', TSHIRT)) as { product: Product };

    const calls = withoutVersionLookup(site.calls());
    const id = out.product.id;
    expect(routesOf(calls)).toEqual([
      'POST /stores/v1/products',
      `POST /stores/v1/products/${id}/media`,
      `GET /stores/v1/products/${id}`,
    ]);
    expect(calls[0]?.body).toEqual({
      product: {
        name: 'T-shirt',
        productType: 'physical',
        priceData: { price: 10.5 },
        description: 'nice summer t-shirt',
        sku: '123df',
        visible: false,
        weight: 0.2,
        discount: { type: 'AMOUNT', value: 1 },
        manageVariants: true,
        productOptions: [
          {
            name: 'Size',
            optionType: 'drop_down',
            choices: [
              { value: 'S', description: 'S' },
              { value: 'L', description: 'L' },
            ],
          },
          { name: 'Color', optionType: 'color', choices: [{ value: '#000000', description: 'Black' }] },
        ],
      },
    });
    expect(calls[1]?.body).toEqual({ media: [{ url: 'https://static.wixstatic.com/media/tshirt.jpg' }] });
    expect(out.product).toMatchObject({ name: 'T-shirt', priceData: { price: 10.5, discountedPrice: 9.5 } });
    expect(JSON.stringify(out.product.media)).toContain('tshirt.jpg');
    expect(out.product.variants).toHaveLength(2);
  });

  it('products.create deletes the new product again when adding its media fails, so a retry makes no duplicate', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    const failingMedia: WixApi = {
      request<T>(request: WixRequest) {
        if (request.path.endsWith('/media'))
          return Promise.reject(new WixApiError('Wix answered 503', { status: 503, retryable: true }));
        return site.ctx.wix.request<T>(request);
      },
    };

    const error = await wixError(runModule('products.create', TSHIRT, { ...site.ctx, wix: failingMedia }));

    const calls = withoutVersionLookup(site.calls());
    const id = (calls[0]?.response as { product?: Product } | undefined)?.product?.id;
    expect(routesOf(calls)).toEqual(['POST /stores/v1/products', `DELETE /stores/v1/products/${id}`]);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect((await wixError(site.run('products.get', { productId: id }))).status).toBe(404);
  });

  it('products.create fails for good when the product with failed media cannot be deleted either', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    const failing: WixApi = {
      request<T>(request: WixRequest) {
        if (request.path.endsWith('/media') || request.method === 'DELETE')
          return Promise.reject(new WixApiError('Wix answered 503', { status: 503, retryable: true }));
        return site.ctx.wix.request<T>(request);
      },
    };

    const error = await wixError(runModule('products.create', TSHIRT, { ...site.ctx, wix: failing }));

    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/was created but adding its media failed/);
  });

  it('refuses a media URL that is not http(s) before any call', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    await expect(
      site.run('products.create', { ...TSHIRT, media: ['ftp://example.com/x.jpg'] }),
    ).rejects.toThrow('input.media.0: must be an http(s) image URL');
    expect(site.calls()).toEqual([]);
  });

  it('get, update and delete a product, each step using the earlier one’s output', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    const { product } = (await site.run('products.create', { name: 'Mug', price: 8 })) as {
      product: Product;
    };

    const got = (await site.run('products.get', { productId: product.id })) as { product: Product };
    const updated = (await site.run('products.update', {
      productId: got.product.id,
      price: '12.00',
      name: 'Big Mug',
    })) as { product: Product };
    await site.run('products.delete', { productId: product.id });

    const calls = withoutVersionLookup(site.calls()).slice(1);
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['GET', `/stores/v1/products/${product.id}`, undefined],
      [
        'PATCH',
        `/stores/v1/products/${product.id}`,
        { product: { id: product.id, name: 'Big Mug', priceData: { price: 12 } } },
      ],
      ['DELETE', `/stores/v1/products/${product.id}`, undefined],
    ]);
    expect(updated.product).toMatchObject({ name: 'Big Mug', priceData: { price: 12 } });
    expect((await wixError(site.run('products.get', { productId: product.id }))).status).toBe(404);
  });

  it('products.search pages by offset, 100 at a time, with the stringified filter on every page', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    sandbox.generateProducts(250, { instanceId: site.instanceId, prefix: 'Sum' });

    const out = (await site.run('products.search', {
      filter: { name: { $startsWith: 'Sum' } },
      limit: 230,
    })) as {
      items: Product[];
    };

    const pages = withoutVersionLookup(site.calls());
    expect(pages.map((c) => (c.body as { query: unknown }).query)).toEqual(
      [
        { limit: 100, offset: 0 },
        { limit: 100, offset: 100 },
        { limit: 30, offset: 200 },
      ].map((paging) => ({ filter: '{"name":{"$startsWith":"Sum"}}', paging })),
    );
    expect(out.items).toHaveLength(230);
    expect(new Set(out.items.map((p) => p.id)).size).toBe(230);
  });

  it('products.search crawls by numericId past the 10,000 offset ceiling', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');
    sandbox.generateProducts(10_050, { instanceId: site.instanceId });

    const out = (await site.run('products.search', { limit: 10_040 })) as {
      items: (Product & { numericId: string })[];
    };

    const pages = withoutVersionLookup(site.calls());
    expect(pages).toHaveLength(101);
    expect(pages.every((c) => c.status === 200)).toBe(true);
    const queries = pages.map(
      (c) => (c.body as { query: { filter?: string; sort: string; paging: unknown } }).query,
    );
    expect(queries[0]).toEqual({ sort: '[{"numericId":"asc"}]', paging: { limit: 100, offset: 0 } });
    const last100th = out.items[99]?.numericId;
    expect(queries[1]).toEqual({
      filter: JSON.stringify({ numericId: { $gt: Number(last100th) } }),
      sort: '[{"numericId":"asc"}]',
      paging: { limit: 100, offset: 0 },
    });
    expect(queries.at(-1)?.paging).toEqual({ limit: 40, offset: 0 });
    expect(out.items).toHaveLength(10_040);
    const ids = out.items.map((p) => BigInt(p.numericId));
    expect(ids.every((n, i) => i === 0 || n > (ids[i - 1] ?? 0n))).toBe(true);
  });

  it('refuses a sort above 10,000 products before any call (Wix crawls only by numericId)', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG');

    await expect(site.run('products.search', { sort: 'name', limit: 12_000 })).rejects.toThrow(
      /input\.sort: cannot sort/,
    );
    expect(site.calls()).toEqual([]);
  });
});

describe('products modules on a Catalog V3 site', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('products.create maps the same inputs to one V3 create with options, a variant per choice and media', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');

    const out = (await site.run('products.create', TSHIRT)) as { product: Product };

    const calls = site.calls();
    expect(routesOf(calls)).toEqual(['GET /stores/v3/provision/version', 'POST /stores/v3/products']);
    const price = { actualPrice: { amount: '9.5' }, compareAtPrice: { amount: '10.5' } };
    const variant = (size: string) => ({
      choices: [
        { optionChoiceNames: { optionName: 'Size', choiceName: size, renderType: 'TEXT_CHOICES' } },
        { optionChoiceNames: { optionName: 'Color', choiceName: 'Black', renderType: 'SWATCH_CHOICES' } },
      ],
      price,
      sku: '123df',
      physicalProperties: { weight: 0.2 },
    });
    expect(calls[1]?.body).toEqual({
      product: {
        name: 'T-shirt',
        productType: 'PHYSICAL',
        physicalProperties: {},
        variantsInfo: { variants: [variant('S'), variant('L')] },
        plainDescription: 'nice summer t-shirt',
        visible: false,
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
          {
            name: 'Color',
            optionRenderType: 'SWATCH_CHOICES',
            choicesSettings: { choices: [{ choiceType: 'ONE_COLOR', name: 'Black', colorCode: '#000000' }] },
          },
        ],
        media: { itemsInfo: { items: [{ url: 'https://static.wixstatic.com/media/tshirt.jpg' }] } },
      },
      fields: [...V3_PRODUCT_FIELDS],
    });
    // Wix returns these only when `fields` asks for them; the output promises them.
    expect(out.product).toMatchObject({
      name: 'T-shirt',
      revision: '1',
      plainDescription: 'nice summer t-shirt',
      currency: 'USD',
      media: { itemsInfo: { items: [{ url: 'https://static.wixstatic.com/media/tshirt.jpg' }] } },
      directCategoriesInfo: { categories: [] },
    });
    expect(out.product.variantsInfo?.variants).toHaveLength(2);
  });

  it('products.update reads the revision and variants, then PATCHes the new price onto every variant', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    const { product } = (await site.run('products.create', TSHIRT)) as { product: Product };

    const out = (await site.run('products.update', { productId: product.id, price: 20, name: 'Tee' })) as {
      product: Product;
    };

    const [get, patch] = withoutVersionLookup(site.calls()).slice(1);
    expect(get).toMatchObject({ method: 'GET', path: `/stores/v3/products/${product.id}` });
    const body = patch?.body as { product: Product };
    expect(patch).toMatchObject({ method: 'PATCH', path: `/stores/v3/products/${product.id}`, status: 200 });
    expect(body.product).toMatchObject({ id: product.id, revision: '1', name: 'Tee' });
    // Wix takes variants only together with the product's options (VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT).
    expect(body.product.options).toEqual(product.options);
    expect(body.product.variantsInfo?.variants.map((v) => [v.id, v.price])).toEqual(
      product.variantsInfo?.variants.map((v) => [v.id, { actualPrice: { amount: '20' } }]),
    );
    expect(out.product).toMatchObject({ name: 'Tee', revision: '2' });
  });

  it('products.update changing only the name sends neither options nor variants', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    const { product } = (await site.run('products.create', TSHIRT)) as { product: Product };

    await site.run('products.update', { productId: product.id, visible: true });

    const patch = withoutVersionLookup(site.calls()).at(-1);
    expect(patch?.body).toEqual({
      product: { id: product.id, revision: '1', visible: true },
      fields: [...V3_PRODUCT_FIELDS],
    });
  });

  it('products.get and products.delete use the V3 paths', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    const { product } = (await site.run('products.create', { name: 'Mug', price: 8 })) as {
      product: Product;
    };

    const got = (await site.run('products.get', { productId: product.id })) as { product: Product };
    await site.run('products.delete', { productId: got.product.id });

    const [get, remove] = withoutVersionLookup(site.calls()).slice(1);
    expect(routesOf([get, remove].filter((c) => c !== undefined))).toEqual([
      `GET /stores/v3/products/${product.id}`,
      `DELETE /stores/v3/products/${product.id}`,
    ]);
    expect(get?.query).toEqual({ fields: [...V3_PRODUCT_FIELDS] });
    expect(got.product).toMatchObject({ currency: 'USD', media: { itemsInfo: { items: [] } } });
    expect(got.product.variantsInfo?.variants[0]?.price).toMatchObject({
      actualPrice: { amount: '8', formattedAmount: '$8.00' },
    });
  });

  it('products.search pages by cursor: filter and sort on the first page, only the cursor after', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    sandbox.generateProducts(230, { instanceId: site.instanceId, prefix: 'Gen' });

    const out = (await site.run('products.search', {
      filter: { visible: true },
      sort: 'createdDate',
      order: 'asc',
      limit: 210,
    })) as { items: Product[] };

    const bodies = withoutVersionLookup(site.calls()).map(
      (c) => (c.body as { query: Record<string, unknown> }).query,
    );
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toEqual({
      filter: { visible: true },
      sort: [{ fieldName: 'createdDate', order: 'ASC' }],
      cursorPaging: { limit: 100 },
    });
    expect(Object.keys(bodies[1] ?? {})).toEqual(['cursorPaging']);
    expect(bodies[2]?.cursorPaging).toMatchObject({ limit: 10 });
    expect(out.items).toHaveLength(210);
    expect(new Set(out.items.map((p) => p.id)).size).toBe(210);
  });
});

describe('products.search on a Catalog V3 site: Query or Search Products', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('sends a name filter and a name sort to Search Products, paging by cursor', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    sandbox.generateProducts(120, { instanceId: site.instanceId, prefix: 'Sum' });
    sandbox.generateProducts(5, { instanceId: site.instanceId, prefix: 'Win' });

    const out = (await site.run('products.search', {
      filter: { name: { $startsWith: 'Sum' } },
      sort: 'name',
      limit: 110,
    })) as { items: Product[] };

    const calls = withoutVersionLookup(site.calls());
    expect(routesOf(calls)).toEqual(['POST /stores/v3/products/search', 'POST /stores/v3/products/search']);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(calls[0]?.body).toMatchObject({
      search: {
        filter: { name: { $startsWith: 'Sum' } },
        sort: [{ fieldName: 'name', order: 'ASC' }],
        cursorPaging: { limit: 100 },
      },
    });
    expect(calls[1]?.body).toEqual({
      search: { cursorPaging: expect.objectContaining({ limit: 10 }) },
      fields: [...V3_LISTED_PRODUCT_FIELDS],
    });
    expect(out.items).toHaveLength(110);
    expect(out.items.every((p) => String(p.name).startsWith('Sum'))).toBe(true);
  });

  it('keeps a filter and sort Query Products declares on Query Products', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');

    await site.run('products.search', { filter: { slug: { $startsWith: 'a' } }, sort: 'slug' });

    expect(routesOf(withoutVersionLookup(site.calls()))).toEqual(['POST /stores/v3/products/query']);
  });

  it('fails before any call, not retryably, when neither V3 API takes the filter and sort', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');

    const slugSorted = await wixError(site.run('products.search', { filter: { name: 'Tee' }, sort: 'slug' }));
    const v1Field = await wixError(site.run('products.search', { filter: { price: { $lt: 20 } } }));

    expect(slugSorted).toMatchObject({ code: 'V3_PRODUCTS_FILTER_NOT_SUPPORTED', retryable: false });
    expect(slugSorted.message).toContain(
      "Query Products: Field 'name' is not declared as filterable; Search Products: Field 'slug' is not declared as sortable",
    );
    expect(v1Field.message).toContain("Field 'price' is not declared as filterable");
    expect(withoutVersionLookup(site.calls())).toEqual([]);
  });
});

describe('catalog version routing', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('fails, not retryable, on a site without Wix Stores', async () => {
    const site = siteOn(sandbox, 'STORES_NOT_INSTALLED');

    const error = await wixError(site.run('products.search', {}));

    expect(error).toMatchObject({ code: 'STORES_NOT_INSTALLED', retryable: false });
  });
});
