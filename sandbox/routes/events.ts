import { domainsOf } from '../domains.ts';
import { asEntity } from '../fixtures.ts';
import { getRoute, modernQueryPage } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

/** `POST /events/v3/events/query`: offset or cursor paging (default 50, max 100), by start date. */
function queryEvents(ctx: ApiContext) {
  const { items, pagingMetadata } = modernQueryPage(
    [...domainsOf(ctx.site).events.values()],
    asEntity(ctx.body).query,
    {
      field: 'query',
      defaultLimit: 50,
      maxLimit: 100,
      defaultSort: [{ field: 'dateAndTimeSettings.startDate', order: 'ASC' }],
    },
  );
  return { body: { events: items, pagingMetadata } };
}

/** Guests; `guestDetails` only with `fields: ["GUEST_DETAILS"]` (or the deprecated `query.fieldsets`). */
function queryGuests(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  const query = asEntity(body.query);
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
  const fieldsets = Array.isArray(query.fieldsets) ? query.fieldsets.map(String) : [];
  const details = fields.includes('GUEST_DETAILS') || fieldsets.includes('guestDetails');
  const { items, pagingMetadata } = modernQueryPage([...domainsOf(ctx.site).guests.values()], query, {
    field: 'query',
    defaultLimit: 50,
    maxLimit: 100,
    defaultSort: [{ field: 'createdDate', order: 'ASC' }],
  });
  const guests = details ? items : items.map(({ guestDetails: _hidden, ...guest }) => guest);
  return { body: { guests, pagingMetadata } };
}

/** Events V3 and event guests (the guests query at both of the paths Wix maps it to). */
export const eventRoutes: ApiRoute[] = [
  { method: 'POST', path: '/events/v3/events/query', handler: queryEvents },
  getRoute('/events/v3/events/:eventId', 'event', 'Event', (ctx) => domainsOf(ctx.site).events),
  { method: 'POST', path: '/events-guests/v2/guests/query', handler: queryGuests },
  { method: 'POST', path: '/events/v2/guests/query', handler: queryGuests },
];
