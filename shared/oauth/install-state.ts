import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { HttpError } from '#shared/http-error.ts';

/** An install link is good for ten minutes, as long as the authorization code Wix issues at its end. */
export const INSTALL_STATE_TTL_MS = 10 * 60_000;
const VERSION = 'v1';
const MAX_STATE_LENGTH = 1024;

const Payload = z.strictObject({
  /** A random nonce: no two install links carry the same state. */
  n: z.string().min(16),
  /** Expiry, epoch milliseconds. */
  e: z.number().int().positive(),
  /** The connection id the person installing asked for, if any. */
  c: z.string().min(1).optional(),
});

export interface InstallState {
  nonce: string;
  expiresAt: number;
  connectionId: string | undefined;
}

/**
 * The key that signs install states: HKDF-SHA256 of the Wix app secret, so no other secret has to be kept;
 * changing the app secret voids the links in flight, nothing else.
 */
export function installStateKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'wixflow', 'wixflow oauth install state v1', 32));
}

const sign = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(`${VERSION}.${payload}`).digest('base64url');

/** A signed, expiring `state` for `https://www.wix.com/installer/install`: `v1.<payload>.<HMAC-SHA256>`. */
export function createInstallState(
  key: Buffer,
  options: { now: number; connectionId?: string; ttlMs?: number },
): string {
  const payload = Buffer.from(
    JSON.stringify({
      n: randomBytes(18).toString('base64url'),
      e: options.now + (options.ttlMs ?? INSTALL_STATE_TTL_MS),
      ...(options.connectionId ? { c: options.connectionId } : {}),
    }),
  ).toString('base64url');
  return `${VERSION}.${payload}.${sign(key, payload)}`;
}

/**
 * Checks a `state` Wix echoed back: signed with `key` and not expired at `now`.
 * Throws HttpError 400 when it is missing, malformed or expired, 403 when its signature is wrong.
 */
export function verifyInstallState(key: Buffer, state: string | undefined, now: number): InstallState {
  if (!state) {
    throw new HttpError(
      400,
      'The install link carries no state, so it cannot be checked. Start the install again.',
      'missing_state',
    );
  }
  const parts = state.length <= MAX_STATE_LENGTH ? state.split('.') : [];
  const [version, payload, signature] = parts;
  if (parts.length !== 3 || version !== VERSION || !payload || !signature) {
    throw new HttpError(400, 'The install state is malformed. Start the install again.', 'invalid_state');
  }
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(
      403,
      'The install state was not issued by this wixflow (its signature does not match). Nothing was installed.',
      'forged_state',
    );
  }
  const decoded = Payload.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!decoded.success) {
    throw new HttpError(400, 'The install state is malformed. Start the install again.', 'invalid_state');
  }
  if (decoded.data.e <= now) {
    throw new HttpError(
      400,
      'The install link has expired (links last 10 minutes). Start the install again.',
      'expired_state',
    );
  }
  return { nonce: decoded.data.n, expiresAt: decoded.data.e, connectionId: decoded.data.c };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
