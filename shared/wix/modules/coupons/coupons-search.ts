import { defineModule } from '../action-module.ts';
import { filter, limit, moduleInput, order, sort } from '../fields.ts';
import { LEGACY_PAGE_SIZE, legacyQuery, pageByOffset } from '../paging.ts';

/** Query Coupons: `POST /stores/v2/coupons/query` with stringified filter/sort, offset paging (≤100 a page). */
export const couponsSearch = defineModule({
  name: 'coupons.search',
  makeModule: '(not in Make) Search Coupons',
  idempotent: true,
  description: 'Searches the store’s coupons, e.g. filter {"specification.code": "SUMMER"}.',
  input: moduleInput({
    filter,
    sort: sort('field to sort by, e.g. dateCreated; omit for newest first'),
    order,
    limit: limit(100, 1000),
  }),
  output: '{ items: Coupon[] } — Stores coupons, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    const items = await pageByOffset(input.limit, LEGACY_PAGE_SIZE, async (paging) => {
      const { body } = await wix.request<{ coupons?: unknown[]; totalResults?: number }>({
        method: 'POST',
        path: '/stores/v2/coupons/query',
        body: { query: legacyQuery(input, paging) },
      });
      return { items: body.coupons ?? [], total: body.totalResults };
    });
    return { items };
  },
});
