import { randomInt, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { asEntity, type Entity, webhookSample } from './fixtures.ts';
import { HAND_BUILT_EVENTS } from './hand-built-events.ts';

/** A decoded Wix webhook envelope, ready for `signWixWebhook`. */
export interface SampleEnvelope {
  eventType: string;
  instanceId: string;
  data: Entity;
  identity?: Entity;
}

const documentedTypes = (): string[] =>
  readdirSync(new URL('./samples/webhooks/', import.meta.url))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length));

/** Every event type sampleEnvelope can build: Wix's documented examples plus the hand-built ones. */
export function sampleEventTypes(): string[] {
  const aliases = Object.keys(SAME_EXAMPLE_AS).filter((eventType) => exampleOf(eventType) !== undefined);
  return [...new Set([...documentedTypes(), ...aliases, ...Object.keys(HAND_BUILT_EVENTS)])].sort();
}

/**
 * Event types Wix's SDK spells differently from its REST docs, served from the documented example (kept under the
 * docs' spelling, as documented).
 */
const SAME_EXAMPLE_AS: Record<string, string> = Object.fromEntries(
  ['published', 'canceled', 'started', 'ended'].map((slug) => [
    `wix.events.v3.event_${slug}`,
    `wix.events.v3.event_event_${slug}`,
  ]),
);

const exampleOf = (eventType: string): string | undefined => {
  const file = SAME_EXAMPLE_AS[eventType] ?? eventType;
  return documentedTypes().includes(file) ? file : undefined;
};

const parsed = (value: unknown): Entity => asEntity(typeof value === 'string' ? JSON.parse(value) : value);

/** The inner event of a documented example, whichever layer Wix documented it at. */
function documentedInner(eventType: string): Entity {
  const sample = webhookSample(eventType);
  if (sample.form === 'inner') return sample.payload;
  if (sample.form === 'envelope') return parsed(sample.payload.data);
  return parsed(parsed(sample.payload.data).data);
}

/** Legacy payload keys naming the entity, most specific first (the key the event is about). */
const LEGACY_ID_KEYS = [
  'productId',
  'collectionId',
  'cartId',
  'fulfillmentId',
  'orderId',
  'rsvpId',
  'orderNumber',
  'contactId',
];

const entityIdOf = (inner: Entity): string | undefined => {
  if (typeof inner.entityId === 'string') return inner.entityId;
  for (const key of LEGACY_ID_KEYS) if (typeof inner[key] === 'string') return inner[key] as string;
  const order = asEntity(inner.order);
  return typeof order.id === 'string' ? order.id : undefined;
};

/**
 * A new id shaped like `id`: a UUID for a UUID, else each letter and digit redrawn (Wix Events order numbers
 * such as `FMXC-BZG3-OT` prefix their ticket numbers, which the textual replacement keeps consistent).
 */
const freshIdLike = (id: string): string => {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return randomUUID();
  const draw = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  return id
    .replace(/[A-Z]/g, () => draw('ABCDEFGHIJKLMNOPQRSTUVWXYZ'))
    .replace(/[0-9]/g, () => draw('0123456789'));
};

/** Replaces every occurrence of an id, including inside `*AsJson` strings, by textual substitution. */
const replaceId = (inner: Entity, from: string, to: string): Entity =>
  JSON.parse(JSON.stringify(inner).split(from).join(to)) as Entity;

let lastSequence = 0n;
const nextSequence = () => {
  const fromClock = BigInt(Date.now()) * 1000n;
  lastSequence = fromClock > lastSequence ? fromClock : lastSequence + 1n;
  return lastSequence.toString();
};

/**
 * Builds a sample webhook envelope for `eventType` from Wix's documented example (or a hand-built one); `fresh`
 * (default true) gives it a new event id and entity id. Domain events get `eventTime` now and a rising
 * `entityEventSequence`. Throws for an event type without a sample.
 */
export function sampleEnvelope(
  eventType: string,
  opts: { instanceId: string; fresh?: boolean; appId?: string },
): SampleEnvelope {
  const handBuilt = HAND_BUILT_EVENTS[eventType];
  const example = exampleOf(eventType);
  if (!handBuilt && example === undefined) {
    throw new Error(`No sample for event type ${eventType}; known: ${sampleEventTypes().join(', ')}`);
  }
  let inner = handBuilt ? handBuilt() : documentedInner(example ?? eventType);
  const isDomainEvent = typeof inner.entityFqdn === 'string';
  if (opts.fresh ?? true) {
    const entityId = entityIdOf(inner);
    if (entityId) inner = replaceId(inner, entityId, freshIdLike(entityId));
    if (isDomainEvent) inner.id = randomUUID();
  }
  if (opts.appId !== undefined && typeof inner.appId === 'string') inner.appId = opts.appId;
  const envelope: SampleEnvelope = { eventType, instanceId: opts.instanceId, data: inner };
  if (isDomainEvent) {
    inner.eventTime = new Date().toISOString();
    inner.entityEventSequence = nextSequence();
    // Standardized events carry an identity (docs/wix-behaviour.md#webhook-envelope), likeliest a dashboard user.
    envelope.identity = { identityType: 'WIX_USER', wixUserId: '5a0c4737-a2a0-4c37-a07e-d9fd87027023' };
  }
  return envelope;
}
