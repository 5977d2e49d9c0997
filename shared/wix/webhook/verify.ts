import { createHash, type KeyObject, verify } from 'node:crypto';
import { HttpError } from '#shared/http-error.ts';
import { creationEventId } from '#shared/triggers/change-key.ts';
import { readWixPublicKey } from './public-key.ts';
import type { WixEvent } from './wix-event.ts';

/** Largest webhook body accepted; Wix's documented payloads are a few KB, SQS takes 256 KiB. */
export const MAX_WEBHOOK_BYTES = 200 * 1024;

export interface VerifyOptions {
  now?: Date;
}

// The hot path checks its few fields by hand rather than with zod: ingest's verify-and-decode is held to
// 1.5x a bare RS256 check, its cold start to 1.3x the SQS client (docs/contracts.md#performance-bars), and zod
// costs more than the JSON parsing here and 440 KB of bundle.
type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A layer Wix sends as a JSON string, or (in some documented examples) as the object itself. */
const isLayer = (value: unknown): value is string | JsonObject =>
  typeof value === 'string' || isObject(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Encoded JWS headers already checked to say RS256 (the check itself stays per call for any other). */
const acceptedHeaders = new Set<string>();

const unauthorized = (reason: string) => new HttpError(401, reason, 'bad_signature');
const malformed = (reason: string) => new HttpError(400, reason, 'malformed_webhook');

/**
 * Imports the app's public key once, PEM or base64-encoded PEM (readWixPublicKey); throws WixPublicKeyError when
 * it is neither or not an RSA key.
 */
export function importWixPublicKey(text: string, source = 'the Wix app public key'): KeyObject {
  return readWixPublicKey(text, source).key;
}

/**
 * Verifies a Wix webhook body (a compact RS256 JWS) and decodes its three JSON layers.
 * Throws HttpError 413 (too large), 401 (bad signature, wrong alg, expired) or 400 (not a Wix webhook).
 */
export function verifyWixWebhook(
  rawBody: string,
  publicKey: KeyObject,
  options: VerifyOptions = {},
): WixEvent {
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_WEBHOOK_BYTES) {
    throw new HttpError(413, `webhook body exceeds ${MAX_WEBHOOK_BYTES} bytes`, 'body_too_large');
  }
  const token = rawBody.trim();
  if (token === '') throw unauthorized('missing webhook body');
  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('body is not a compact JWS (header.payload.signature)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  if (!acceptedHeaders.has(headerPart)) {
    const header = parseJsonPart(headerPart);
    if (!isObject(header) || typeof header.alg !== 'string') {
      throw unauthorized('JWS header is not valid JSON with an alg');
    }
    if (header.alg !== 'RS256') throw unauthorized(`JWS alg ${header.alg} is not accepted (RS256 only)`);
    // Wix signs every webhook of an app with the same header ({kid, alg}): remember the few seen.
    if (acceptedHeaders.size < 16) acceptedHeaders.add(headerPart);
  }
  const signature = Buffer.from(signaturePart, 'base64url');
  // The signing input is `header.payload`: base64url text, so latin1 encodes it byte for byte without a copy.
  const signingInput = Buffer.from(token.slice(0, headerPart.length + 1 + payloadPart.length), 'latin1');
  if (signature.length === 0 || !verify('RSA-SHA256', signingInput, publicKey, signature)) {
    throw unauthorized('signature does not verify with the app public key');
  }

  // Only signed bytes are parsed from here on.
  const payload = parseJsonPart(payloadPart);
  if (!isObject(payload) || !isLayer(payload.data)) throw malformed('JWT payload has no data');
  if (payload.exp !== undefined && typeof payload.exp !== 'number')
    throw malformed('JWT exp is not a number');
  const now = options.now ?? new Date();
  if (payload.exp !== undefined && payload.exp * 1000 < now.getTime()) throw unauthorized('token expired');
  return eventFromEnvelope(payload.data, now);
}

/**
 * Decodes a raw webhook body's layers without checking its signature (dry runs of a saved body only).
 * Throws HttpError 400/401 for a body that is not a Wix webhook.
 */
export function decodeUnverifiedWebhook(rawBody: string, now: Date = new Date()): WixEvent {
  const parts = rawBody.trim().split('.');
  if (parts.length !== 3) throw unauthorized('body is not a compact JWS (header.payload.signature)');
  const payload = parseJsonPart(parts[1] ?? '');
  if (!isObject(payload) || !isLayer(payload.data)) throw malformed('JWT payload has no data');
  return eventFromEnvelope(payload.data, now);
}

/**
 * Decodes the envelope layer (a JSON string or an object) into a WixEvent without any signature check —
 * for dry runs of files a user hands in, never for webhooks. Throws HttpError 400 naming the bad layer.
 */
export function eventFromEnvelope(envelopeLayer: unknown, now: Date = new Date()): WixEvent {
  const envelope = parseLayer(envelopeLayer, 'envelope');
  if (!isObject(envelope)) throw malformed('envelope: is not a JSON object');
  if (!isText(envelope.eventType)) throw malformed('envelope: eventType: must be a non-empty string');
  if (typeof envelope.instanceId !== 'string') throw malformed('envelope: instanceId: must be a string');
  if (!isLayer(envelope.data)) throw malformed('envelope: data: must be a JSON string or object');
  if (envelope.identity !== undefined && !isLayer(envelope.identity)) {
    throw malformed('envelope: identity: must be a JSON string or object');
  }
  const inner = parseLayer(envelope.data, 'event data');
  if (!isObject(inner)) throw malformed('event data is not a JSON object');

  // One object literal, no spreads: this runs once per webhook on ingest's measured path.
  const receivedAt = now.toISOString();
  // A standardized ("domain") event names itself: {id, entityFqdn, slug, …}; anything else is legacy.
  const domain = isText(inner.id) && isText(inner.entityFqdn) && isText(inner.slug);
  const event: WixEvent = {
    eventId: domain ? (inner.id as string) : legacyEventId(envelope.eventType, envelope.instanceId, inner),
    eventIdSource: domain ? 'wix' : 'hash',
    eventType: envelope.eventType,
    instanceId: envelope.instanceId,
    generation: domain ? 'domain' : 'legacy',
    data: inner,
    time: domain && typeof inner.eventTime === 'string' ? inner.eventTime : receivedAt,
    receivedAt,
  };
  if (envelope.identity !== undefined) event.identity = parseLayer(envelope.identity, 'identity');
  const changeId = creationEventId(event);
  if (changeId !== undefined) {
    event.originalEventId = event.eventId;
    event.eventId = changeId;
    event.eventIdSource = 'change';
  }
  return event;
}

/** A stable id for a legacy event: the SHA-256 of its canonical decoded envelope, so a re-signed copy matches. */
export function legacyEventId(eventType: string, instanceId: string, data: unknown): string {
  const canonical = canonicalJson({ eventType, instanceId, data });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** JSON with every object's keys sorted (and undefined members left out): equal data, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function parseJsonPart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function parseLayer(value: unknown, layer: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw malformed(`${layer} is a string but not valid JSON`);
  }
}
