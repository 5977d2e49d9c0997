import { defineModule } from '../action-module.ts';
import { filter, id, limit, moduleInput, order, sort } from '../fields.ts';
import { getExtendedBooking, queryExtendedBookings } from './extended-bookings.ts';

/** Query Extended Bookings (`POST /bookings/bookings-reader/v2/extended-bookings/query`), cursor paging. */
export const bookingsSearch = defineModule({
  name: 'bookings.search',
  makeModule: '(not in Make) Search Bookings',
  idempotent: true,
  description: 'Searches the site’s bookings, e.g. filter {"status": "CONFIRMED"} (Read Bookings scope).',
  input: moduleInput({
    filter,
    sort: sort('field to sort by, e.g. startDate; omit for Wix’s default order'),
    order,
    limit: limit(50, 1000),
  }),
  output: '{ items: ExtendedBooking[] } — `{booking, …}` entries, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    return { items: await queryExtendedBookings(wix, input) };
  },
});

/** Get a Booking: Bookings V2 has no Get Booking, so Query Extended Bookings filtered by `id`. */
export const bookingsGet = defineModule({
  name: 'bookings.get',
  makeModule: '(not in Make) Get a Booking',
  idempotent: true,
  description: 'Gets one booking by id (fails with BOOKING_NOT_FOUND when no booking has it).',
  input: moduleInput({ bookingId: id('the booking’s id') }),
  output:
    '{ booking, … } — the extended booking: `booking` with its status, revision, contact details and slot.',
  async run(input, { wix }) {
    return getExtendedBooking(wix, input.bookingId);
  },
});
