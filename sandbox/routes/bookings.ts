import { domainsOf } from '../domains.ts';
import { applicationError, invalidField } from '../errors.ts';
import { asEntity } from '../fixtures.ts';
import { bumpRevision, existing, modernQueryPage, requireRevision } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

/** `POST /bookings/bookings-reader/v2/extended-bookings/query`: `query` required; paging or cursor paging (max 100). */
function queryExtendedBookings(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  if (body.query === undefined) throw invalidField('query', 'query is required', 'REQUIRED_FIELD');
  const { items, pagingMetadata } = modernQueryPage([...domainsOf(ctx.site).bookings.values()], body.query, {
    field: 'query',
    defaultLimit: 50,
    maxLimit: 100,
    defaultSort: [{ field: 'startDate', order: 'ASC' }],
  });
  return { body: { extendedBookings: items.map((booking) => ({ booking })), pagingMetadata } };
}

/** The statuses each action accepts a booking in, and the status it leaves. */
const TRANSITIONS: Record<string, { from: string[]; to: string }> = {
  confirm: { from: ['CREATED', 'PENDING', 'WAITING_LIST'], to: 'CONFIRMED' },
  decline: { from: ['CREATED', 'PENDING', 'WAITING_LIST'], to: 'DECLINED' },
  cancel: { from: ['CREATED', 'PENDING', 'WAITING_LIST', 'CONFIRMED'], to: 'CANCELED' },
};

/**
 * Confirm / Decline / Cancel Booking: 404 for an unknown booking, 400 without `revision`, 409 for a stale one,
 * and 400 when the booking's status does not allow the action (Wix's code for that is UNCONFIRMED).
 */
const changeStatus = (action: keyof typeof TRANSITIONS) => (ctx: ApiContext) => {
  const transition = TRANSITIONS[action] as { from: string[]; to: string };
  const booking = existing(domainsOf(ctx.site).bookings, ctx.params.bookingId, 'Booking');
  const body = asEntity(ctx.body);
  requireRevision(booking, body.revision, 'revision', 'REVISION_MISMATCH');
  if (!transition.from.includes(String(booking.status)))
    throw applicationError(
      400,
      'INVALID_BOOKING_STATUS',
      `a ${String(booking.status)} booking cannot be ${transition.to.toLowerCase()}`,
      {
        status: booking.status,
      },
    );
  booking.status = transition.to;
  if (action === 'cancel' && body.waiveCharges === true) booking.paymentStatus = 'EXEMPT';
  bumpRevision(booking, ctx.now);
  return { body: { booking: structuredClone(booking) } };
};

/** Bookings V2: query (via the bookings reader) and the status changes. */
export const bookingRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/bookings/bookings-reader/v2/extended-bookings/query',
    handler: queryExtendedBookings,
  },
  { method: 'POST', path: '/bookings/v2/bookings/:bookingId/confirm', handler: changeStatus('confirm') },
  { method: 'POST', path: '/bookings/v2/bookings/:bookingId/decline', handler: changeStatus('decline') },
  { method: 'POST', path: '/bookings/v2/bookings/:bookingId/cancel', handler: changeStatus('cancel') },
];
