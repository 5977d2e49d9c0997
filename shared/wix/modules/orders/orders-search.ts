import { defineModule } from '../action-module.ts';
import { filter, limit, moduleInput, order, sort } from '../fields.ts';
import { cursorQuery, pageByCursor } from '../paging.ts';

const PAGE_SIZE = 100;

/** Make's "Search Orders" on eCom: `POST /ecom/v1/orders/search`, cursor paging up to `limit`. */
export const ordersSearch = defineModule({
  name: 'orders.search',
  makeModule: 'Search Orders',
  idempotent: true,
  description: 'Searches the site’s orders (eCom; unfinished online checkouts are never returned).',
  input: moduleInput({
    filter,
    sort: sort('field to sort by, e.g. number; omit for newest first'),
    order,
    limit: limit(100, 1000),
  }),
  output: '{ items: Order[] } — eCom orders, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    const items = await pageByCursor(input.limit, PAGE_SIZE, async (cursorPaging) => {
      const search = cursorQuery(input, cursorPaging);
      const { body } = await wix.request<{
        orders?: unknown[];
        metadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
      }>({ method: 'POST', path: '/ecom/v1/orders/search', body: { search } });
      return {
        items: body.orders ?? [],
        next: body.metadata?.cursors?.next,
        hasNext: body.metadata?.hasNext,
      };
    });
    return { items };
  },
});
