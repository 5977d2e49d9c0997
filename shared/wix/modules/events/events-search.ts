import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { filter, id, limit, moduleInput, order, sort, type WixFilter } from '../fields.ts';
import { modernSort, pageByOffset } from '../paging.ts';

/** Events V3 Query Events answers at most 100 events a page. */
const PAGE_SIZE = 100;

/**
 * Events V3 events matching a filter (`POST /events/v3/events/query`, offset paging as Wix's SDK pages it), up to
 * `limit`. Reusable for back-fill with `{updatedDate: {$gt: since}}`. Throws what the Wix client throws.
 */
export async function queryEvents(
  wix: WixApi,
  options: { filter?: WixFilter; sort?: string; order?: 'asc' | 'desc'; limit: number },
): Promise<unknown[]> {
  return pageByOffset(options.limit, PAGE_SIZE, async (paging) => {
    const { body } = await wix.request<{ events?: unknown[]; pagingMetadata?: { total?: number } }>({
      method: 'POST',
      path: '/events/v3/events/query',
      body: {
        query: {
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.sort === undefined ? {} : { sort: modernSort(options.sort, options.order) }),
          paging,
        },
      },
    });
    return { items: body.events ?? [], total: body.pagingMetadata?.total };
  });
}

/** Query Events (Events V3). */
export const eventsSearch = defineModule({
  name: 'events.search',
  makeModule: '(not in Make) Search Events',
  idempotent: true,
  description:
    'Searches the site’s events (Wix Events V3), e.g. filter {"status": "UPCOMING"} (Read Events scope).',
  input: moduleInput({
    filter,
    sort: sort('field to sort by, e.g. dateAndTimeSettings.startDate; omit for Wix’s default order'),
    order,
    limit: limit(50, 1000),
  }),
  output: '{ items: Event[] } — Events V3 events, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    return { items: await queryEvents(wix, input) };
  },
});

/** Get Event (Events V3): `GET /events/v3/events/{eventId}`. */
export const eventsGet = defineModule({
  name: 'events.get',
  makeModule: '(not in Make) Get an Event',
  idempotent: true,
  description: 'Gets one event by id (Wix Events V3).',
  input: moduleInput({ eventId: id('the event’s id') }),
  output: '{ event } — the Events V3 event, as Wix answers it.',
  async run(input, { wix }) {
    return (await wix.request({ method: 'GET', path: `/events/v3/events/${seg(input.eventId)}` })).body;
  },
});
