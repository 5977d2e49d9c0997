import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { filter, limit, moduleInput, order, sort } from '../fields.ts';
import { cursorQuery, LEGACY_PAGE_SIZE, legacyQuery, pageByCursor, pageByOffset } from '../paging.ts';
import { STORES_TREE } from './stores-tree.ts';

/**
 * Make's "Search Collections": Catalog V1 `POST /stores/v1/collections/query` (stringified filter/sort, offset
 * paging), or on V3 sites Categories `POST /categories/v1/categories/query` (cursor paging, hidden ones too).
 */
export const collectionsSearch = defineModule({
  name: 'collections.search',
  makeModule: 'Search Collections',
  idempotent: true,
  description:
    'Searches the store’s collections (Catalog V1 collections, or Categories on Catalog V3 sites).',
  input: moduleInput({ filter, sort: sort('field to sort by, e.g. name'), order, limit: limit(100, 1000) }),
  output:
    '{ items } — V1 collections (with numberOfProducts and description) or, on V3 sites, categories; up to `limit`.',
  async run(input, ctx) {
    const { wix } = ctx;
    const items = await byCatalog(ctx, {
      V1_CATALOG: () =>
        pageByOffset(input.limit, LEGACY_PAGE_SIZE, async (paging) => {
          const { body } = await wix.request<{ collections?: unknown[]; totalResults?: number }>({
            method: 'POST',
            path: '/stores/v1/collections/query',
            body: {
              query: legacyQuery(input, paging),
              includeNumberOfProducts: true,
              includeDescription: true,
            },
          });
          return { items: body.collections ?? [], total: body.totalResults };
        }),
      V3_CATALOG: () =>
        pageByCursor(input.limit, 1000, async (cursorPaging) => {
          const query = cursorQuery(input, cursorPaging);
          const { body } = await wix.request<{
            categories?: unknown[];
            pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
          }>({
            method: 'POST',
            path: '/categories/v1/categories/query',
            body: {
              query,
              treeReference: STORES_TREE,
              returnNonVisibleCategories: true,
              fields: ['DESCRIPTION'],
            },
          });
          return {
            items: body.categories ?? [],
            next: body.pagingMetadata?.cursors?.next,
            hasNext: body.pagingMetadata?.hasNext,
          };
        }),
    });
    return { items };
  },
});
