import { createHash } from 'node:crypto';
import { canonicalJson } from '#shared/wix/webhook/verify.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { AutomationTokenTarget } from './automation-tokens.ts';

type JsonObject = Record<string, unknown>;

/**
 * The rule trigger and eventType prefix of Wix Automations triggers (`automation:<triggerKey>`). Here rather than
 * with the catalogue, so the intake function's bundle does not carry the catalogue.
 */
export const AUTOMATION_PREFIX = 'automation:';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The event of one webhook-action request. The action sends no event id (docs/decisions/013), so the id is a
 * hash of the connection, the trigger and the body's canonical form: Wix re-sending the same body is a duplicate,
 * a new occurrence (whose payload differs, if only in its ids or times) is a new event.
 */
export function automationEvent(body: JsonObject, target: AutomationTokenTarget, receivedAt: Date): WixEvent {
  const digest = createHash('sha256')
    .update(`${target.connectionId}\n${target.appId}\n${target.triggerKey}\n${canonicalJson(body)}`)
    .digest('hex');
  const at = receivedAt.toISOString();
  return {
    eventId: `automation-${digest.slice(0, 40)}`,
    eventIdSource: 'hash',
    eventType: `${AUTOMATION_PREFIX}${target.triggerKey}`,
    instanceId: target.instanceId,
    connectionId: target.connectionId,
    // A flat, trigger-specific object, as legacy webhooks are.
    generation: 'legacy',
    data: body,
    time: at,
    receivedAt: at,
  };
}

/** True for events that came from a wixflow automation rather than an app webhook. */
export const isAutomationEvent = (event: Pick<WixEvent, 'eventType'>): boolean =>
  event.eventType.startsWith(AUTOMATION_PREFIX);

/**
 * Where each app's trigger payloads name their main entity, first match wins (README "Automations triggers").
 * UNCONFIRMED: Wix documents payloads only per site through the Trigger Catalog; these are the id fields of the
 * apps' own APIs, which the payload schemas seen so far reuse.
 */
const ENTITY_ID_FIELDS: Record<string, readonly string[]> = {
  // Wix Bookings
  '13d21c63-b5ec-5912-8397-c3a5ddb27a97': ['bookingId', 'sessionId'],
  // Wix Events & Tickets
  '140603ad-af8d-84a5-2c80-a0f60cb47351': ['orderNumber', 'rsvpId', 'guestId', 'eventId'],
  // Wix Pricing Plans
  '1522827f-c56c-a5c9-2ac9-00f9e6ae12d3': ['orderId', 'planId'],
  // Wix Site Members
  'eb377299-86b4-4a86-a1b5-774a2d1d374b': ['memberId', 'contactId'],
  // Wix Loyalty Program
  '553c79f3-5625-4f38-b14b-ef7c0d1e87df': ['accountId', 'loyaltyAccountId', 'contactId'],
  // Contacts
  '74bff718-5977-47f2-9e5f-a9fd0047fd1f': ['contactId'],
  // Wix Forms, and the old Wix Forms
  '225dd912-7dea-4738-8688-4b8c6955ffc2': ['submissionId'],
  '14ce1214-b278-a7e4-1373-00cebd1bef7c': ['submissionId'],
  // Wix Invoices
  '13ee94c1-b635-8505-3391-97919052c16f': ['invoiceId'],
  // Wix Stores (eCommerce)
  '1380b703-ce81-ff05-f115-39571d94dfcd': ['orderId', 'checkoutId', 'cartId'],
  // Tasks
  '146c0d71-352e-4464-9a03-2e868aabe7b9': ['taskId'],
  // Wix Blog
  '14bcded7-0066-7c35-14d7-466cb3f09103': ['postId'],
};
/** Every app, after its own fields. */
const FALLBACK_ID_FIELDS = ['id', 'entityId'] as const;

/**
 * The payload of an automation event and its main id. The body is the payload (UNCONFIRMED: see
 * docs/decisions/013); should Wix wrap it in a single `data` or `payload` object, the inner object is used.
 */
export function automationEntity(
  event: Pick<WixEvent, 'data'>,
  appId: string | undefined,
): { entityId: string | undefined; entity: unknown } {
  const body = isObject(event.data) ? event.data : {};
  const keys = Object.keys(body);
  const wrapped =
    keys.length === 1 && (keys[0] === 'data' || keys[0] === 'payload') ? body[keys[0]] : undefined;
  const entity = isObject(wrapped) ? wrapped : body;
  const fields = [...(appId ? (ENTITY_ID_FIELDS[appId] ?? []) : []), ...FALLBACK_ID_FIELDS];
  for (const field of fields) {
    const value = entity[field];
    if (typeof value === 'string' && value !== '') return { entityId: value, entity };
    if (typeof value === 'number') return { entityId: String(value), entity };
  }
  return { entityId: undefined, entity };
}

/** The per-app entity id fields, for the README and `wixflow triggers --automations`. */
export const entityIdFieldsOf = (appId: string): string[] => [
  ...(ENTITY_ID_FIELDS[appId] ?? []),
  ...FALLBACK_ID_FIELDS,
];
