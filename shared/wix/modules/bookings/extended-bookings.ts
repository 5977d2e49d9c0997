import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { WixFilter } from '../fields.ts';
import { cursorQuery, pageByCursor } from '../paging.ts';

/** Query Extended Bookings answers at most 100 bookings a page. */
const PAGE_SIZE = 100;

export interface ExtendedBooking {
  booking?: { id?: string; revision?: string; status?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Bookings matching a filter, from Query Extended Bookings
 * (`POST /bookings/bookings-reader/v2/extended-bookings/query`, cursor paging), up to `limit`. Reusable for
 * back-fill: `{filter: {updatedDate: {$gt: since}}, sort: 'updatedDate'}`. Throws what the Wix client throws.
 */
export async function queryExtendedBookings(
  wix: WixApi,
  options: { filter?: WixFilter; sort?: string; order?: 'asc' | 'desc'; limit: number },
): Promise<ExtendedBooking[]> {
  return pageByCursor(options.limit, PAGE_SIZE, async (cursorPaging) => {
    const { body } = await wix.request<{
      extendedBookings?: ExtendedBooking[];
      pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
    }>({
      method: 'POST',
      path: '/bookings/bookings-reader/v2/extended-bookings/query',
      body: { query: cursorQuery(options, cursorPaging) },
    });
    return {
      items: body.extendedBookings ?? [],
      next: body.pagingMetadata?.cursors?.next,
      hasNext: body.pagingMetadata?.hasNext,
    };
  });
}

/**
 * One booking by id: Bookings V2 has no Get Booking, so Query Extended Bookings with `{id}`. An answer about
 * another booking (a filter Wix ignored) counts as none. Throws a 404 non-retryable WixApiError when no booking
 * has that id.
 */
export async function getExtendedBooking(wix: WixApi, bookingId: string): Promise<ExtendedBooking> {
  const [found] = await queryExtendedBookings(wix, { filter: { id: bookingId }, limit: 1 });
  if (found?.booking?.id !== bookingId) throw bookingNotFound(bookingId);
  return found;
}

const bookingNotFound = (bookingId: string) =>
  new WixApiError(`no booking has id ${bookingId}`, {
    status: 404,
    code: 'BOOKING_NOT_FOUND',
    retryable: false,
  });
