import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { signWixWebhook, type WixEnvelopeInput } from '#shared/wix/webhook/sign.ts';
import { verifyWixWebhook } from '#shared/wix/webhook/verify.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

const WEBHOOK_FIXTURES = fileURLToPath(new URL('../fixtures/wix/webhooks/', import.meta.url));
const REST_FIXTURES = fileURLToPath(new URL('../fixtures/wix/rest/', import.meta.url));

/** The instanceId test envelopes use when a documented example has none. */
export const TEST_INSTANCE_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

const ExampleSchema = z.object({
  form: z.enum(['inner', 'envelope', 'jwt-payload']),
  title: z.string().nullable(),
  payload: z.unknown(),
});
/** One file of test/fixtures/wix/webhooks (Wix's documented examples of one webhook). */
export const WebhookFixtureSchema = z.looseObject({
  eventType: z.string().nullable(),
  requested: z.boolean(),
  docWebhookName: z.string(),
  examples: z.array(ExampleSchema),
});
export type WebhookFixture = z.infer<typeof WebhookFixtureSchema> & { file: string };
export type WebhookExample = z.infer<typeof ExampleSchema>;

const EnvelopeSchema = z.looseObject({
  eventType: z.string(),
  instanceId: z.string(),
  data: z.unknown(),
  identity: z.unknown().optional(),
});

/** Every webhook fixture file name (without `.json`), sorted. */
export function listWebhookFixtures(): string[] {
  return readdirSync(WEBHOOK_FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

/** Loads and validates one webhook fixture; throws when it is missing or not in the documented shape. */
export function loadWebhookFixture(file: string): WebhookFixture {
  const json: unknown = JSON.parse(readFileSync(`${WEBHOOK_FIXTURES}${file}.json`, 'utf8'));
  return { ...WebhookFixtureSchema.parse(json), file };
}

/** Loads a REST fixture (test/fixtures/wix/rest/<service>.<operation>.json) as plain JSON. */
export function loadRestFixture(file: string): unknown {
  return JSON.parse(readFileSync(`${REST_FIXTURES}${file}.json`, 'utf8'));
}

/**
 * The envelope Wix would sign for a documented example: `inner` is wrapped as `{eventType, instanceId, data}`,
 * `envelope` is used as documented, `jwt-payload` contributes its `data` (an object or a JSON string).
 */
export function envelopeOf(
  example: WebhookExample,
  eventType: string,
  instanceId = TEST_INSTANCE_ID,
): WixEnvelopeInput {
  switch (example.form) {
    case 'inner':
      return { eventType, instanceId, data: example.payload };
    case 'envelope':
      return EnvelopeSchema.parse(example.payload);
    case 'jwt-payload': {
      const { data } = z.object({ data: z.unknown() }).parse(example.payload);
      return EnvelopeSchema.parse(typeof data === 'string' ? JSON.parse(data) : data);
    }
  }
}

/** A fresh RSA key pair standing in for a Wix app's webhook keys. */
export function createTestKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

let sharedKeys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** One RSA key pair per test file (generating a key takes tens of milliseconds). */
export function testKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  sharedKeys ??= createTestKeys();
  return sharedKeys;
}

/** Signs an envelope the way Wix does and verifies it back, returning what ingest would queue. */
export function deliver(envelope: WixEnvelopeInput, keys = testKeys(), now = new Date()): WixEvent {
  const body = signWixWebhook(envelope, keys.privateKey, { issuedAt: Math.floor(now.getTime() / 1000) });
  return verifyWixWebhook(body, keys.publicKey, { now });
}

/** Builds, signs and verifies a documented example. */
export function deliverExample(example: WebhookExample, eventType: string): WixEvent {
  return deliver(envelopeOf(example, eventType));
}

/** Follows a path of keys / indexes into parsed JSON; undefined where it leads nowhere. */
export function pathOf(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Like pathOf, for a value the test needs as a string; throws (failing the test) when it is not one. */
export function stringAt(value: unknown, ...path: (string | number)[]): string {
  const found = pathOf(value, ...path);
  if (typeof found !== 'string')
    throw new Error(`expected a string at ${path.join('.')}, found ${typeof found}`);
  return found;
}

/** A deep copy of parsed JSON, for tests that alter a documented example. */
export function copyJson<T>(value: T): T {
  return structuredClone(value);
}
