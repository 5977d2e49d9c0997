import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '#shared/http-error.ts';
import type { WixEvent } from './wix-event.ts';

/** Largest webhook body accepted; Wix's documented payloads are a few KB, SQS takes 256 KiB. */
export const MAX_WEBHOOK_BYTES = 200 * 1024;

export interface VerifyOptions {
  now?: Date;
}

const HeaderSchema = z.object({ alg: z.string(), kid: z.string().optional() });
const PayloadSchema = z.object({
  data: z.union([z.string(), z.record(z.string(), z.unknown())]),
  iat: z.number().optional(),
  exp: z.number().optional(),
});
const EnvelopeSchema = z.object({
  eventType: z.string().min(1),
  instanceId: z.string(),
  data: z.union([z.string(), z.record(z.string(), z.unknown())]),
  identity: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});
const DomainEventSchema = z.looseObject({
  id: z.string().min(1),
  entityFqdn: z.string().min(1),
  slug: z.string().min(1),
  eventTime: z.string().optional(),
});

const unauthorized = (reason: string) => new HttpError(401, reason, 'bad_signature');
const malformed = (reason: string) => new HttpError(400, reason, 'malformed_webhook');

/** Imports the app's PEM public key once; throws when the PEM is not an RSA public key. */
export function importWixPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem.replace(/\\n/g, '\n'));
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error('the Wix app public key must be an RSA public key (PEM)');
  return key;
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

  const header = HeaderSchema.safeParse(parseJsonPart(headerPart));
  if (!header.success) throw unauthorized('JWS header is not valid JSON with an alg');
  if (header.data.alg !== 'RS256')
    throw unauthorized(`JWS alg ${header.data.alg} is not accepted (RS256 only)`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (
    signature.length === 0 ||
    !verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), publicKey, signature)
  ) {
    throw unauthorized('signature does not verify with the app public key');
  }

  // Only signed bytes are parsed from here on.
  const payload = PayloadSchema.safeParse(parseJsonPart(payloadPart));
  if (!payload.success) throw malformed('JWT payload has no data');
  const now = options.now ?? new Date();
  if (payload.data.exp !== undefined && payload.data.exp * 1000 < now.getTime()) {
    throw unauthorized('token expired');
  }
  return eventFromEnvelope(payload.data.data, now);
}

/**
 * Decodes a raw webhook body's layers without checking its signature (dry runs of a saved body only).
 * Throws HttpError 400/401 for a body that is not a Wix webhook.
 */
export function decodeUnverifiedWebhook(rawBody: string, now: Date = new Date()): WixEvent {
  const parts = rawBody.trim().split('.');
  if (parts.length !== 3) throw unauthorized('body is not a compact JWS (header.payload.signature)');
  const payload = PayloadSchema.safeParse(parseJsonPart(parts[1] ?? ''));
  if (!payload.success) throw malformed('JWT payload has no data');
  return eventFromEnvelope(payload.data.data, now);
}

/**
 * Decodes the envelope layer (a JSON string or an object) into a WixEvent without any signature check —
 * for dry runs of files a user hands in, never for webhooks. Throws HttpError 400 naming the bad layer.
 */
export function eventFromEnvelope(envelopeLayer: unknown, now: Date = new Date()): WixEvent {
  const envelope = EnvelopeSchema.safeParse(parseLayer(envelopeLayer, 'envelope'));
  if (!envelope.success) throw malformed(`envelope: ${describeIssue(envelope.error)}`);
  const inner = parseLayer(envelope.data.data, 'event data');
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    throw malformed('event data is not a JSON object');
  }
  const identity =
    envelope.data.identity === undefined ? undefined : parseLayer(envelope.data.identity, 'identity');

  const domain = DomainEventSchema.safeParse(inner);
  const receivedAt = now.toISOString();
  const base = {
    eventType: envelope.data.eventType,
    instanceId: envelope.data.instanceId,
    data: inner,
    ...(identity === undefined ? {} : { identity }),
    receivedAt,
  };
  if (domain.success) {
    return {
      ...base,
      eventId: domain.data.id,
      eventIdSource: 'wix',
      generation: 'domain',
      time: domain.data.eventTime ?? receivedAt,
    };
  }
  return {
    ...base,
    eventId: legacyEventId(envelope.data.eventType, envelope.data.instanceId, inner),
    eventIdSource: 'hash',
    generation: 'legacy',
    time: receivedAt,
  };
}

/** A stable id for a legacy event: the SHA-256 of its canonical decoded envelope, so a re-signed copy matches. */
export function legacyEventId(eventType: string, instanceId: string, data: unknown): string {
  const canonical = canonicalJson({ eventType, instanceId, data });
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
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

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
