import { defineModule } from '../action-module.ts';
import { filter, id, limit, moduleInput, type WixFilter } from '../fields.ts';
import { cursorQuery, pageByCursor } from '../paging.ts';

const PAGE_SIZE = 100;

/** The user's filter narrowed to one event (an `$and` when the filter names eventId already). */
const forEvent = (userFilter: WixFilter | undefined, eventId: string | undefined): WixFilter | undefined => {
  if (eventId === undefined) return userFilter;
  if (userFilter === undefined) return { eventId };
  if ('eventId' in userFilter) return { $and: [userFilter, { eventId }] };
  return { ...userFilter, eventId };
};

/**
 * Query Guests: `POST /events-guests/v2/guests/query` (the documented path; Wix's SDK reaches the same service as
 * `/events/v2/guests/query`), cursor paging, with `fields: ["GUEST_DETAILS"]` so names and emails come back
 * (the query's `fieldsets` is deprecated for it).
 */
export const eventGuestsSearch = defineModule({
  name: 'eventGuests.search',
  makeModule: '(not in Make) Search Event Guests',
  idempotent: true,
  description:
    'Searches the guests of the site’s events, e.g. filter {"guestType": "TICKET_HOLDER"} (Read Event Tickets and Guest List scope).',
  input: moduleInput({
    eventId: id('only the guests of this event').optional(),
    filter,
    limit: limit(100, 1000),
  }),
  output: '{ items: Guest[] } — event guests with their details, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    const guestFilter = forEvent(input.filter, input.eventId);
    const items = await pageByCursor(input.limit, PAGE_SIZE, async (cursorPaging) => {
      const query = cursorQuery(
        { ...(guestFilter === undefined ? {} : { filter: guestFilter }) },
        cursorPaging,
      );
      const { body } = await wix.request<{
        guests?: unknown[];
        pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
      }>({
        method: 'POST',
        path: '/events-guests/v2/guests/query',
        body: { query, fields: ['GUEST_DETAILS'] },
      });
      return {
        items: body.guests ?? [],
        next: body.pagingMetadata?.cursors?.next,
        hasNext: body.pagingMetadata?.hasNext,
      };
    });
    return { items };
  },
});
