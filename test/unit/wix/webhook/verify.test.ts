import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpError } from '#shared/http-error.ts';
import { changeEventId } from '#shared/triggers/change-key.ts';
import { signJwt, signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { importWixPublicKey, MAX_WEBHOOK_BYTES, verifyWixWebhook } from '#shared/wix/webhook/verify.ts';
import { loadWebhookFixture, testKeys } from '../../../support/webhooks.ts';

const keys = testKeys();
const NOW = new Date('2026-11-25T12:00:00Z');
const iat = Math.floor(NOW.getTime() / 1000) - 60;
const INSTANCE = '3bbcabc7-ebb7-4fc8-8829-13ea0e142123';
const productCreatedLegacy = loadWebhookFixture('com.wix.ecommerce.catalog.api.v1.ProductCreated').examples[0]
  ?.payload as Record<string, unknown>;
const contactCreatedDomain = loadWebhookFixture('wix.contacts.v4.contact_created').examples[0]
  ?.payload as Record<string, unknown>;

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs an arbitrary JWT payload with the test key (RS256), for malformed-layer cases. */
const signPayload = (payload: object) => signJwt({ alg: 'RS256', kid: 'k' }, payload, keys.privateKey);

function rejection(body: string): HttpError {
  try {
    verifyWixWebhook(body, keys.publicKey, { now: NOW });
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the webhook to be rejected');
}

describe('verifyWixWebhook', () => {
  it('decodes a legacy webhook and derives a stable event id from the envelope', () => {
    // Prepare
    const envelope = {
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: INSTANCE,
      data: productCreatedLegacy,
    };
    const first = signWixWebhook(envelope, keys.privateKey, { issuedAt: iat });
    const resigned = signWixWebhook(envelope, keys.privateKey, { issuedAt: iat + 30, kid: 'other' });

    // Act
    const a = verifyWixWebhook(first, keys.publicKey, { now: NOW });
    const b = verifyWixWebhook(resigned, keys.publicKey, { now: NOW });

    // Assess
    expect(a).toMatchObject({
      eventType: envelope.eventType,
      instanceId: INSTANCE,
      generation: 'legacy',
      // A creation is recorded under its change's id; the envelope's hash is kept beside it.
      eventIdSource: 'change',
      eventId: changeEventId(INSTANCE, `change:products.created:${productCreatedLegacy.productId}`),
    });
    expect(a.data).toEqual(productCreatedLegacy);
    expect(a.originalEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.eventId).toBe(a.eventId);
    expect(b.originalEventId).toBe(a.originalEventId);
  });

  it('gives different legacy events different ids', () => {
    const one = signWixWebhook(
      { eventType: 'X', instanceId: INSTANCE, data: { productId: '1' } },
      keys.privateKey,
    );
    const two = signWixWebhook(
      { eventType: 'X', instanceId: INSTANCE, data: { productId: '2' } },
      keys.privateKey,
    );

    expect(verifyWixWebhook(one, keys.publicKey).eventId).not.toBe(
      verifyWixWebhook(two, keys.publicKey).eventId,
    );
  });

  it('decodes a standardized domain event and keeps the Wix event id and time', () => {
    const body = signWixWebhook(
      {
        eventType: 'wix.contacts.v4.contact_created',
        instanceId: INSTANCE,
        data: contactCreatedDomain,
        identity: { identityType: 'APP', appId: 'a' },
      },
      keys.privateKey,
    );

    const event = verifyWixWebhook(body, keys.publicKey, { now: NOW });

    expect(event).toMatchObject({
      eventId: changeEventId(INSTANCE, `change:contacts.created:${contactCreatedDomain.entityId}`),
      originalEventId: contactCreatedDomain.id,
      eventIdSource: 'change',
      generation: 'domain',
      time: contactCreatedDomain.eventTime,
      identity: { identityType: 'APP', appId: 'a' },
    });
  });

  it('keeps the Wix event id of a domain event that is no creation', () => {
    const body = signWixWebhook(
      {
        eventType: 'wix.contacts.v4.contact_updated',
        instanceId: INSTANCE,
        data: { ...contactCreatedDomain, slug: 'updated' },
      },
      keys.privateKey,
    );

    const event = verifyWixWebhook(body, keys.publicKey, { now: NOW });

    expect(event).toMatchObject({ eventId: contactCreatedDomain.id, eventIdSource: 'wix' });
    expect(event.originalEventId).toBeUndefined();
  });

  it('accepts layers that are objects rather than JSON strings', () => {
    const body = signPayload({
      data: { eventType: 'AppInstalled', instanceId: INSTANCE, data: { appId: 'x' } },
      iat,
      exp: iat + 3600,
    });

    const event = verifyWixWebhook(body, keys.publicKey, { now: NOW });

    expect(event).toMatchObject({ eventType: 'AppInstalled', data: { appId: 'x' }, generation: 'legacy' });
  });

  it('accepts surrounding whitespace and a PEM with escaped newlines', () => {
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n');
    const body = `\n ${signWixWebhook({ eventType: 'X', instanceId: INSTANCE, data: {} }, keys.privateKey)} \n`;

    expect(verifyWixWebhook(body, importWixPublicKey(pem)).eventType).toBe('X');
  });

  it('answers 401 when the payload was tampered with', () => {
    const [h, , s] = signWixWebhook(
      { eventType: 'X', instanceId: INSTANCE, data: { a: 1 } },
      keys.privateKey,
    ).split('.');
    const forged = `${h}.${b64({ data: JSON.stringify({ eventType: 'X', instanceId: INSTANCE, data: '{"a":2}' }) })}.${s}`;

    expect(rejection(forged)).toMatchObject({ statusCode: 401, code: 'bad_signature' });
  });

  it('answers 401 when the webhook was signed with another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = signWixWebhook({ eventType: 'X', instanceId: INSTANCE, data: {} }, other.privateKey);

    expect(rejection(body).statusCode).toBe(401);
  });

  it('answers 401 for alg none', () => {
    const body = `${b64({ alg: 'none' })}.${b64({ data: '{}', exp: iat + 100 })}.`;

    expect(rejection(body)).toMatchObject({ statusCode: 401, message: expect.stringContaining('none') });
  });

  it('answers 401 for HS256 signed with the public key as the HMAC secret', () => {
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const input = `${b64({ alg: 'HS256' })}.${b64({ data: JSON.stringify({ eventType: 'X', instanceId: INSTANCE, data: '{}' }) })}`;
    const body = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;

    expect(rejection(body)).toMatchObject({ statusCode: 401, message: expect.stringContaining('HS256') });
  });

  it('answers 401 for an expired token', () => {
    const body = signWixWebhook({ eventType: 'X', instanceId: INSTANCE, data: {} }, keys.privateKey, {
      issuedAt: iat - 1000,
      ttlSeconds: 500,
    });

    expect(rejection(body)).toMatchObject({ statusCode: 401, message: 'token expired' });
  });

  it.each([
    ['an empty body', '', 401],
    ['a body that is not a JWS', 'hello', 401],
    ['a header that is not JSON', `${b64('nope')}.${b64({})}.c2ln`, 401],
    ['a signed payload without data', signPayload({ iat }), 400],
    ['a signed payload whose envelope string is not JSON', signPayload({ data: '{not json' }), 400],
    [
      'an envelope without eventType',
      signPayload({ data: JSON.stringify({ instanceId: INSTANCE, data: '{}' }) }),
      400,
    ],
    [
      'an envelope whose data is not JSON',
      signPayload({ data: JSON.stringify({ eventType: 'X', instanceId: INSTANCE, data: '{' }) }),
      400,
    ],
    [
      'event data that is not an object',
      signPayload({ data: JSON.stringify({ eventType: 'X', instanceId: INSTANCE, data: '[1]' }) }),
      400,
    ],
    [
      'an identity that is not JSON',
      signPayload({
        data: JSON.stringify({ eventType: 'X', instanceId: INSTANCE, data: '{}', identity: '{x' }),
      }),
      400,
    ],
  ])('answers %s with %i', (_name, body, status) => {
    expect(rejection(body).statusCode).toBe(status);
  });

  it('answers 413 for a body larger than the limit, before any parsing', () => {
    expect(rejection('a'.repeat(MAX_WEBHOOK_BYTES + 1))).toMatchObject({ statusCode: 413 });
  });

  it('refuses a public key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    expect(() => importWixPublicKey(pem)).toThrow(/RSA/);
  });
});
