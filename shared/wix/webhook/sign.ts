import { createPrivateKey, type KeyObject, sign } from 'node:crypto';

/** The middle layer of a Wix webhook, before Wix stringifies `data` and `identity`. */
export interface WixEnvelopeInput {
  eventType: string;
  instanceId: string;
  data: unknown;
  identity?: unknown;
}

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** Token lifetime in seconds (Wix's tokens outlive its 47 h retry window). */
  ttlSeconds?: number;
  kid?: string;
}

const b64url = (input: string | Buffer) => Buffer.from(input).toString('base64url');

/**
 * Signs an envelope exactly as Wix does: a compact RS256 JWS whose payload is
 * `{ data: "<envelope JSON>", iat, exp }`, with the envelope's `data` and `identity` as JSON strings.
 */
export function signWixWebhook(
  envelope: WixEnvelopeInput,
  privateKey: string | KeyObject,
  options: SignOptions = {},
): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const exp = iat + (options.ttlSeconds ?? 300_000);
  const middle: Record<string, unknown> = {
    eventType: envelope.eventType,
    instanceId: envelope.instanceId,
    data: typeof envelope.data === 'string' ? envelope.data : JSON.stringify(envelope.data),
  };
  if (envelope.identity !== undefined) {
    middle.identity =
      typeof envelope.identity === 'string' ? envelope.identity : JSON.stringify(envelope.identity);
  }
  return signJwt(
    { kid: options.kid ?? 'wixflow-sandbox', alg: 'RS256' },
    { data: JSON.stringify(middle), iat, exp },
    key,
  );
}

/** Signs any header and payload as a compact RS256 JWS (tests use it to forge odd tokens). */
export function signJwt(header: object, payload: object, key: KeyObject): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key);
  return `${signingInput}.${signature.toString('base64url')}`;
}
