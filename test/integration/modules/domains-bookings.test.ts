import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { routesOf, siteOn, wixError } from './harness.ts';

/** Bookings of Wix's documented Confirm, Decline and Cancel examples, seeded as they were before the action. */
const PENDING_ID = '88214716-6ed1-4273-b089-8015c4ab2f4b';
const PENDING_TOO_ID = '17411c29-cfcb-4c07-9437-b673764781dd';
const CONFIRMED_ID = 'b4d80fb5-2e8f-4174-91fd-dfededcb50d2';
type Booking = { id: string; status: string; revision: string };

describe('bookings modules on the sandbox', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('bookings.search filters the extended bookings and bookings.get finds one by id', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const pending = (await site.run('bookings.search', { filter: { status: 'PENDING' } })) as {
      items: { booking: Booking }[];
    };
    const one = (await site.run('bookings.get', { bookingId: CONFIRMED_ID })) as { booking: Booking };
    // Assess
    expect(pending.items.map((x) => x.booking.id).sort()).toEqual([PENDING_TOO_ID, PENDING_ID].sort());
    expect(one.booking).toMatchObject({ id: CONFIRMED_ID, status: 'CONFIRMED', revision: '2' });
  });

  it('bookings.get of an unknown id fails as not found, without retrying', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const error = await wixError(site.run('bookings.get', { bookingId: 'no-such-booking' }));
    // Assess
    expect(error).toMatchObject({ status: 404, code: 'BOOKING_NOT_FOUND', retryable: false });
  });

  it('bookings.confirm reads the current revision and confirms with it, notifying the customer', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const out = (await site.run('bookings.confirm', {
      bookingId: PENDING_ID,
      message: 'See you Monday',
    })) as {
      booking: Booking;
    };
    // Assess
    expect(out.booking).toMatchObject({ status: 'CONFIRMED', revision: '3' });
    expect(site.calls().at(-1)?.body).toEqual({
      bookingId: PENDING_ID,
      revision: '2',
      participantNotification: { notifyParticipants: true, message: 'See you Monday' },
    });
  });

  it('bookings.confirm of a booking already confirmed answers it without calling Confirm again', async () => {
    // Prepare
    const site = siteOn(sandbox);
    await site.run('bookings.confirm', { bookingId: PENDING_ID });
    // Act
    const again = (await site.run('bookings.confirm', { bookingId: PENDING_ID })) as { booking: Booking };
    // Assess
    expect(again.booking.status).toBe('CONFIRMED');
    expect(routesOf(site.calls()).filter((r) => r.endsWith('/confirm'))).toHaveLength(1);
  });

  it('bookings.decline and bookings.cancel move the bookings to DECLINED and CANCELED', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const declined = (await site.run('bookings.decline', { bookingId: PENDING_TOO_ID })) as {
      booking: Booking;
    };
    const canceled = (await site.run('bookings.cancel', {
      bookingId: CONFIRMED_ID,
      notifyParticipants: false,
    })) as {
      booking: Booking;
    };
    const declineCanceled = await wixError(site.run('bookings.decline', { bookingId: CONFIRMED_ID }));
    // Assess
    expect(declined.booking.status).toBe('DECLINED');
    expect(canceled.booking.status).toBe('CANCELED');
    expect(declineCanceled).toMatchObject({ status: 400, code: 'INVALID_BOOKING_STATUS' });
  });

  it('the sandbox refuses a stale revision with 409 and a missing one with 400', async () => {
    // Prepare
    const site = siteOn(sandbox);
    const confirm = (body: unknown) =>
      site.ctx.wix.request({ method: 'POST', path: `/bookings/v2/bookings/${PENDING_ID}/confirm`, body });
    // Act
    const stale = await wixError(confirm({ revision: '1' }));
    const missing = await wixError(confirm({}));
    // Assess
    expect(stale).toMatchObject({ status: 409, code: 'REVISION_MISMATCH' });
    expect(missing.status).toBe(400);
  });
});
