import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { moduleFailure } from '../failures.ts';
import { filter, limit, moduleInput, order, sort, type WixFilter } from '../fields.ts';
import {
  crawlByNumericId,
  cursorQuery,
  LEGACY_PAGE_SIZE,
  legacyQuery,
  pageByCursor,
  pageByOffset,
  STORES_OFFSET_CEILING,
} from '../paging.ts';
import { V3_LISTED_PRODUCT_FIELDS, V3_PRODUCT_EXTRAS } from './v3-product.ts';
import {
  specProblems,
  unsearchableOnEveryCatalog,
  V3_QUERY_SPEC,
  V3_SEARCH_SPEC,
  v3ProductsApiFor,
} from './v3-product-queries.ts';

const MAX = 20_000;

/**
 * Make's "Search Products". Catalog V1: `POST /stores/v1/products/query` (stringified filter/sort) by offset
 * up to 10,000 items; a larger `limit` crawls by `numericId` instead (oldest first), as Wix's Stores paging
 * guide says. Catalog V3, with cursor paging: `POST /stores/v3/products/query` when Query Products takes the
 * filter and sort (id, handle, slug, visible, options.id, dates), else `POST /stores/v3/products/search`
 * (name, prices, brand, option names…; see v3-product-queries.ts). A filter or sort no catalog takes is
 * refused in the input; one only V1 takes fails on a V3 site before any call.
 */
export const productsSearch = defineModule({
  name: 'products.search',
  makeModule: 'Search Products',
  idempotent: true,
  description:
    'Searches the store’s products (Catalog V1, or V3 on V3 sites), e.g. filter {"name": {"$startsWith": "Sum"}} on either catalog. V3 sites filter prices as actualPriceRange.minValue.amount (V1: price).',
  input: moduleInput({
    filter,
    sort: sort(
      'field to sort by, e.g. name or price (V1), name, createdDate or actualPriceRange.minValue.amount (V3)',
    ),
    order,
    limit: limit(100, MAX),
  })
    .refine((i) => i.limit <= STORES_OFFSET_CEILING || i.sort === undefined || i.sort === 'numericId', {
      message: `cannot sort a search of more than ${STORES_OFFSET_CEILING} products: Wix pages past that only in numericId order`,
      path: ['sort'],
    })
    .superRefine((i, ctx) => {
      for (const problem of unsearchableOnEveryCatalog(i.filter, i.sort))
        ctx.addIssue({
          code: 'custom',
          message: problem.reason,
          path: problem.path[0] === 'sort' ? ['sort'] : ['filter', ...problem.path],
        });
    }),
  output: `{ items: Product[] } — V1 products, or V3 products on V3 sites with their ${V3_PRODUCT_EXTRAS} (V3 searches return no variants); up to \`limit\`. Above 10,000, V1 items come oldest first.`,
  async run(input, ctx) {
    const items = await byCatalog(ctx, {
      V1_CATALOG: () => searchV1(input, ctx),
      V3_CATALOG: () => searchV3(input, ctx),
    });
    return { items };
  },
});

interface SearchInput {
  filter?: WixFilter;
  sort?: string;
  order: 'asc' | 'desc';
  limit: number;
}

async function searchV1(input: SearchInput, { wix }: ModuleContext): Promise<unknown[]> {
  const ask = async (query: unknown) =>
    (
      await wix.request<{ products?: { numericId?: unknown }[]; totalResults?: number }>({
        method: 'POST',
        path: '/stores/v1/products/query',
        body: { query },
      })
    ).body;
  if (input.limit > STORES_OFFSET_CEILING)
    return crawlByNumericId(input.limit, input.filter, async (query) => (await ask(query)).products ?? []);
  return pageByOffset(input.limit, LEGACY_PAGE_SIZE, async (paging) => {
    const body = await ask(legacyQuery(input, paging));
    return { items: body.products ?? [], total: body.totalResults };
  });
}

/** V3: Query Products when it takes the filter and sort, else Search Products; each page by cursor. */
async function searchV3(input: SearchInput, { wix }: ModuleContext): Promise<unknown[]> {
  const api = v3ProductsApiFor(input.filter, input.sort);
  if (api === undefined) {
    const said = (spec: typeof V3_QUERY_SPEC | typeof V3_SEARCH_SPEC) =>
      specProblems(spec, input.filter, input.sort)
        .map((p) => p.reason)
        .join('; ');
    throw moduleFailure(
      `this Catalog V3 site cannot run the search: Query Products: ${said(V3_QUERY_SPEC)}; Search Products: ${said(V3_SEARCH_SPEC)}`,
      'V3_PRODUCTS_FILTER_NOT_SUPPORTED',
    );
  }
  return pageByCursor(input.limit, 100, async (cursorPaging) => {
    const { body } = await wix.request<{
      products?: unknown[];
      pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
    }>({
      method: 'POST',
      path: `/stores/v3/products/${api}`,
      body: { [api]: cursorQuery(input, cursorPaging), fields: V3_LISTED_PRODUCT_FIELDS },
    });
    return {
      items: body.products ?? [],
      next: body.pagingMetadata?.cursors?.next,
      hasNext: body.pagingMetadata?.hasNext,
    };
  });
}
