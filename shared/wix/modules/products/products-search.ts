import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
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

const MAX = 20_000;

/**
 * Make's "Search Products". Catalog V1: `POST /stores/v1/products/query` (stringified filter/sort) by offset
 * up to 10,000 items; a larger `limit` crawls by `numericId` instead (oldest first), as Wix's Stores paging
 * guide says. Catalog V3: `POST /stores/v3/products/query` with cursor paging.
 */
export const productsSearch = defineModule({
  name: 'products.search',
  makeModule: 'Search Products',
  idempotent: true,
  description:
    'Searches the store’s products (Catalog V1, or V3 on V3 sites), e.g. filter {"name": {"$startsWith": "Sum"}}.',
  input: moduleInput({
    filter,
    sort: sort('field to sort by, e.g. name or price (V1), createdDate (V3)'),
    order,
    limit: limit(100, MAX),
  }).refine((i) => i.limit <= STORES_OFFSET_CEILING || i.sort === undefined || i.sort === 'numericId', {
    message: `cannot sort a search of more than ${STORES_OFFSET_CEILING} products: Wix pages past that only in numericId order`,
    path: ['sort'],
  }),
  output:
    '{ items: Product[] } — V1 products, or V3 products on V3 sites (V3 queries return no variants); up to `limit`. Above 10,000, V1 items come oldest first.',
  async run(input, ctx) {
    const items = await byCatalog(ctx, {
      V1_CATALOG: () => searchV1(input, ctx),
      V3_CATALOG: () =>
        pageByCursor(input.limit, 100, async (cursorPaging) => {
          const query = cursorQuery(input, cursorPaging);
          const { body } = await ctx.wix.request<{
            products?: unknown[];
            pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
          }>({ method: 'POST', path: '/stores/v3/products/query', body: { query } });
          return {
            items: body.products ?? [],
            next: body.pagingMetadata?.cursors?.next,
            hasNext: body.pagingMetadata?.hasNext,
          };
        }),
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
