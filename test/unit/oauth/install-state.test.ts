import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpError } from '#shared/http-error.ts';
import {
  createInstallState,
  INSTALL_STATE_TTL_MS,
  installStateKey,
  verifyInstallState,
} from '#shared/oauth/install-state.ts';

const key = installStateKey('the-app-secret');
const now = Date.parse('2025-06-01T12:00:00Z');

/** The HttpError `verify` throws; fails the test when it throws nothing or something else. */
function refusal(verify: () => unknown): HttpError {
  try {
    verify();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('the state was accepted');
}

describe('install state', () => {
  it('round-trips the connection name and carries a fresh nonce each time', () => {
    // Act
    const first = createInstallState(key, { now, connectionId: 'my-shop' });
    const second = createInstallState(key, { now, connectionId: 'my-shop' });

    // Assess
    expect(first).not.toBe(second);
    expect(verifyInstallState(key, first, now + 1000)).toEqual({
      nonce: expect.stringMatching(/^[\w-]{24}$/),
      expiresAt: now + INSTALL_STATE_TTL_MS,
      connectionId: 'my-shop',
    });
    expect(verifyInstallState(key, second, now).connectionId).toBe('my-shop');
  });

  it('derives different keys from different app secrets', () => {
    expect(installStateKey('a').equals(installStateKey('b'))).toBe(false);
    expect(installStateKey('a').equals(installStateKey('a'))).toBe(true);
  });

  it('refuses a state signed with another key with 403', () => {
    // Prepare
    const forged = createInstallState(installStateKey('a-guess'), { now });

    // Act
    const error = refusal(() => verifyInstallState(key, forged, now));

    // Assess
    expect(error).toMatchObject({ statusCode: 403, code: 'forged_state' });
  });

  it('refuses a genuine state whose payload was changed with 403', () => {
    // Prepare
    const [version, payload, signature] = createInstallState(key, { now }).split('.');
    const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...decoded, e: now + 86_400_000 })).toString('base64url');

    // Act
    const error = refusal(() => verifyInstallState(key, `${version}.${altered}.${signature}`, now));

    // Assess
    expect(error.statusCode).toBe(403);
  });

  it('refuses an expired state with 400 and says to start again', () => {
    // Prepare
    const state = createInstallState(key, { now });

    // Act
    const error = refusal(() => verifyInstallState(key, state, now + INSTALL_STATE_TTL_MS));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'expired_state' });
    expect(error.message).toContain('Start the install again');
  });

  it('accepts a state until the moment it expires', () => {
    const state = createInstallState(key, { now, ttlMs: 5000 });

    expect(verifyInstallState(key, state, now + 4999).expiresAt).toBe(now + 5000);
  });

  it.each([
    ['missing', undefined, 'missing_state'],
    ['empty', '', 'missing_state'],
    ['not three parts', 'v1.abc', 'invalid_state'],
    ['another version', 'v2.abc.def', 'invalid_state'],
    ['huge', `v1.${'a'.repeat(5000)}.b`, 'invalid_state'],
  ])('refuses a %s state with 400', (_name, state, code) => {
    expect(refusal(() => verifyInstallState(key, state, now))).toMatchObject({ statusCode: 400, code });
  });

  it('refuses a correctly signed payload that is not a state with 400', () => {
    // Prepare: signed with the right key, but the payload is not JSON of the expected shape.
    const junk = Buffer.from('not json').toString('base64url');
    const signature = createHmac('sha256', key).update(`v1.${junk}`).digest('base64url');

    // Act
    const error = refusal(() => verifyInstallState(key, `v1.${junk}.${signature}`, now));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_state' });
  });
});
