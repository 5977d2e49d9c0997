import * as bookings from '@wix/auto_sdk_bookings_bookings';
import * as extended from '@wix/auto_sdk_bookings_extended-bookings';
import { describe, expect, it } from 'vitest';
import { bookingsGet, bookingsSearch } from '#shared/wix/modules/bookings/bookings-search.ts';
import {
  bookingsCancel,
  bookingsConfirm,
  bookingsDecline,
} from '#shared/wix/modules/bookings/bookings-status.ts';
import { onPublicPath } from '../support/sdk-paths.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

const BOOKING_ID = '88214716-6ed1-4273-b089-8015c4ab2f4b';

/** The SDK's bookings paths on the documented public prefixes wixflow uses. */
const publicPaths = (r: WireRequest) =>
  onPublicPath(
    onPublicPath(r, '/_api/bookings-service/v2/bookings', '/bookings/v2/bookings'),
    '/_api/bookings-reader',
    '/bookings/bookings-reader',
  );

const pendingBooking = (r: WireRequest) =>
  r.path.endsWith('/extended-bookings/query')
    ? { extendedBookings: [{ booking: { id: BOOKING_ID, revision: '2', status: 'PENDING' } }] }
    : {};

describe('bookings modules against Wix’s SDK', () => {
  it('bookings.search sends what queryExtendedBookings sends', async () => {
    // Prepare
    const input = { filter: { status: 'CONFIRMED' }, sort: 'startDate', limit: 20 };
    // Act
    const ours = await wixflowRequests(bookingsSearch, input);
    const wix = await sdkRequests({ extended }, (c) =>
      c.extended.queryExtendedBookings({
        filter: { status: 'CONFIRMED' },
        sort: [{ fieldName: 'startDate', order: 'ASC' }],
        cursorPaging: { limit: 20 },
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(publicPaths).map(contractOf));
  });

  it('bookings.get queries extended bookings by id, as queryExtendedBookings does', async () => {
    // Act
    const ours = await wixflowRequests(bookingsGet, { bookingId: BOOKING_ID }, { respond: pendingBooking });
    const wix = await sdkRequests({ extended }, (c) =>
      c.extended.queryExtendedBookings({ filter: { _id: BOOKING_ID }, cursorPaging: { limit: 1 } }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(publicPaths).map(contractOf));
  });

  it('bookings.confirm sends the booking’s current revision, as confirmBooking does', async () => {
    // Act
    const ours = await wixflowRequests(
      bookingsConfirm,
      { bookingId: BOOKING_ID, notifyParticipants: true, message: 'See you then' },
      { respond: pendingBooking },
    );
    const wix = await sdkRequests({ bookings }, (c) =>
      c.bookings.confirmBooking(BOOKING_ID, '2', {
        participantNotification: { notifyParticipants: true, message: 'See you then' },
      }),
    );
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual(wix.map(publicPaths).map(contractOf));
  });

  it('bookings.decline sends what declineBooking sends', async () => {
    // Act
    const ours = await wixflowRequests(
      bookingsDecline,
      { bookingId: BOOKING_ID },
      { respond: pendingBooking },
    );
    const wix = await sdkRequests({ bookings }, (c) => c.bookings.declineBooking(BOOKING_ID, '2'));
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual(wix.map(publicPaths).map(contractOf));
  });

  it('bookings.cancel sends what cancelBooking sends', async () => {
    // Act
    const ours = await wixflowRequests(
      bookingsCancel,
      { bookingId: BOOKING_ID, notifyParticipants: false },
      { respond: pendingBooking },
    );
    const wix = await sdkRequests({ bookings }, (c) =>
      c.bookings.cancelBooking(BOOKING_ID, {
        revision: '2',
        participantNotification: { notifyParticipants: false },
      }),
    );
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual(wix.map(publicPaths).map(contractOf));
  });
});
