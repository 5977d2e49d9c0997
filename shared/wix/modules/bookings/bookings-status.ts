import { defineModule, type ModuleContext } from '../action-module.ts';
import { isConflict, seg } from '../failures.ts';
import { boolean, id, moduleInput, text } from '../fields.ts';
import { getExtendedBooking } from './extended-bookings.ts';

type Action = 'confirm' | 'decline' | 'cancel';

/** The status each action leaves a booking in. */
const RESULT: Record<Action, string> = { confirm: 'CONFIRMED', decline: 'DECLINED', cancel: 'CANCELED' };

const input = moduleInput({
  bookingId: id('the booking’s id'),
  notifyParticipants: boolean(
    'tell the customer by email/SMS (default false, as Wix defaults it)',
  ).optional(),
  message: text('a message to the customer, sent with the notification', 5000).optional(),
});

interface StatusInput {
  bookingId: string;
  notifyParticipants?: boolean | undefined;
  message?: string | undefined;
}

/**
 * Reads the booking's current `revision`, then `POST /bookings/v2/bookings/{id}/{action}` with it. A booking
 * already in the action's status is answered as it is, so a repeated step neither fails nor notifies twice.
 */
async function changeStatus(action: Action, input: StatusInput, { wix }: ModuleContext) {
  const { booking } = await getExtendedBooking(wix, input.bookingId);
  if (booking?.status === RESULT[action]) return { booking };
  const participantNotification =
    input.notifyParticipants === undefined && input.message === undefined
      ? undefined
      : {
          notifyParticipants: input.notifyParticipants ?? input.message !== undefined,
          ...(input.message === undefined ? {} : { message: input.message }),
        };
  const { body } = await wix.request({
    method: 'POST',
    path: `/bookings/v2/bookings/${seg(input.bookingId)}/${action}`,
    body: {
      bookingId: input.bookingId,
      revision: booking?.revision,
      ...(participantNotification === undefined ? {} : { participantNotification }),
    },
  });
  return body;
}

const statusModule = (action: Action, verb: string, description: string) =>
  defineModule({
    name: `bookings.${action}`,
    makeModule: `(not in Make) ${verb} a Booking`,
    idempotent: true,
    description,
    input,
    output: '{ booking } — the booking with its new status and revision.',
    async run(values, ctx) {
      try {
        return await changeStatus(action, values, ctx);
      } catch (error) {
        // The booking changed between our read and our call: read its new revision and try once more.
        if (!isConflict(error)) throw error;
        return changeStatus(action, values, ctx);
      }
    },
  });

/** Confirm Booking (`POST /bookings/v2/bookings/{id}/confirm`) with the booking's current revision. */
export const bookingsConfirm = statusModule(
  'confirm',
  'Confirm',
  'Confirms a pending booking (Manage Bookings scope); the revision Wix requires is read for you.',
);
/** Decline Booking (`POST /bookings/v2/bookings/{id}/decline`) with the booking's current revision. */
export const bookingsDecline = statusModule(
  'decline',
  'Decline',
  'Declines a pending booking (Manage Bookings scope); the revision Wix requires is read for you.',
);
/** Cancel Booking (`POST /bookings/v2/bookings/{id}/cancel`) with the booking's current revision. */
export const bookingsCancel = statusModule(
  'cancel',
  'Cancel',
  'Cancels a booking (Manage Bookings scope); the revision Wix requires is read for you.',
);
