import { randomUUID } from 'node:crypto';
import type { Entity } from './fixtures.ts';

/**
 * REPRESENTATIVE payloads, not Wix's: Wix documents an Automations trigger's payload only per site, through the
 * Trigger Catalog's `payloadDataSchema` (docs/decisions/013). These follow the id and field names of each
 * app's own REST API so rules can be written and tried locally; every payload says so in `_sandbox`. What
 * Wix's webhook action really posts (the payload itself, or an envelope around it) is UNCONFIRMED.
 */
const REPRESENTATIVE = 'representative sandbox payload, not recorded from Wix';

type PayloadBuilder = (now: Date) => Entity;

const iso = (now: Date, days = 0) => new Date(now.getTime() + days * 86_400_000).toISOString();
const contact = () => ({
  id: randomUUID(),
  name: { first: 'Ada', last: 'Lovelace' },
  email: 'ada@example.com',
});

/** One builder per trigger key; each call gives fresh ids, so two emits are two occurrences. */
export const AUTOMATION_PAYLOADS: Readonly<Record<string, PayloadBuilder>> = {
  // Wix Bookings
  'wix_bookings-booking_canceled': (now) => ({
    bookingId: randomUUID(),
    serviceId: randomUUID(),
    serviceName: 'Intro call',
    startDate: iso(now, 2),
    endDate: iso(now, 2),
    canceledBy: 'BUSINESS',
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  'wix_bookings-sessions_booked': (now) => ({
    bookingId: randomUUID(),
    serviceId: randomUUID(),
    serviceName: 'Yoga class',
    startDate: iso(now, 1),
    numberOfParticipants: 1,
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Events & Tickets
  'wix_events-ticket_purchase': (now) => ({
    orderNumber: `${Math.floor(now.getTime() / 1000) % 100_000}-${randomUUID().slice(0, 4).toUpperCase()}`,
    eventId: randomUUID(),
    eventTitle: 'Summer concert',
    ticketsQuantity: 2,
    totalPrice: { amount: '40.00', currency: 'USD' },
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  'domain_events_wix.events.v3.event-published': (now) => ({
    eventId: randomUUID(),
    title: 'Autumn workshop',
    startDate: iso(now, 30),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Pricing Plans
  'wix_pricing_plans-plan_purchased': (now) => ({
    orderId: randomUUID(),
    planId: randomUUID(),
    planName: 'Gold membership',
    planPrice: { amount: '19.00', currency: 'USD' },
    startDate: iso(now),
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Site Members
  'wix_members-uou_signs_up': () => ({
    memberId: randomUUID(),
    contactId: randomUUID(),
    loginEmail: 'new.member@example.com',
    status: 'APPROVED',
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Loyalty Program
  'wix_loyalty-points_earned': () => ({
    accountId: randomUUID(),
    contactId: randomUUID(),
    pointsEarned: 50,
    pointsBalance: 250,
    _sandbox: REPRESENTATIVE,
  }),
  // Contacts
  'contacts-label_added_to_contact': () => ({
    contactId: randomUUID(),
    labelKey: 'custom.vip',
    labelName: 'VIP',
    contact: contact(),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Forms
  'wix_form_app-form_submitted': (now) => ({
    submissionId: randomUUID(),
    formId: randomUUID(),
    formName: 'Contact us',
    submissionTime: iso(now),
    fields: { first_name: 'Grace', email: 'grace@example.com', message: 'Hello!' },
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Invoices
  'wix_invoices-invoice_paid': (now) => ({
    invoiceId: randomUUID(),
    invoiceNumber: String(1000 + (now.getTime() % 9000)),
    totalAmount: { amount: '120.00', currency: 'USD' },
    paidDate: iso(now),
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
  // Wix Stores (eCommerce)
  'wix_e_commerce-order_placed': (now) => ({
    orderId: randomUUID(),
    orderNumber: String(10_000 + (now.getTime() % 90_000)),
    totalPrice: { amount: '25.00', currency: 'USD' },
    paymentStatus: 'PAID',
    buyerEmail: 'buyer@example.com',
    contactId: randomUUID(),
    _sandbox: REPRESENTATIVE,
  }),
};

/** The representative payload of a trigger: its own builder, or a generic one naming the trigger. */
export function representativePayload(triggerKey: string, now: Date): Entity {
  const build = AUTOMATION_PAYLOADS[triggerKey];
  if (build) return build(now);
  return { id: randomUUID(), triggerKey, occurredAt: iso(now), _sandbox: REPRESENTATIVE };
}

/** A JSON Schema of a representative payload, as the Trigger Catalog's `payloadDataSchema` describes payloads. */
export function payloadSchemaOf(triggerKey: string): Entity {
  const sample = representativePayload(triggerKey, new Date(0));
  const typeOf = (v: unknown) =>
    typeof v === 'number'
      ? 'number'
      : typeof v === 'boolean'
        ? 'boolean'
        : typeof v === 'object'
          ? 'object'
          : 'string';
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(sample)
        .filter(([k]) => k !== '_sandbox')
        .map(([k, v]) => [k, { type: typeOf(v), title: k }]),
    ),
  };
}
