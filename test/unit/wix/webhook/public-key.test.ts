import { generateKeyPairSync } from 'node:crypto';
import { AppStrategy } from '@wix/sdk';
import { describe, expect, it } from 'vitest';
import { readWixPublicKey, WixPublicKeyError } from '#shared/wix/webhook/public-key.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { verifyWixWebhook } from '#shared/wix/webhook/verify.ts';
import { testKeys } from '../../../support/webhooks.ts';

const keys = testKeys();
const PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const BASE64_PEM = Buffer.from(PEM).toString('base64');
const ENVELOPE = { eventType: 'wix.contacts.v4.contact_created', instanceId: 'i-1', data: { id: 'c-1' } };

const refusal = (text: string) => {
  try {
    readWixPublicKey(text, 'WIX_APP_PUBLIC_KEY');
  } catch (error) {
    if (error instanceof WixPublicKeyError) return error.message;
    throw error;
  }
  throw new Error('expected the key to be refused');
};

describe('readWixPublicKey', () => {
  it.each([
    ['PEM', PEM],
    ['PEM with CRLF line ends', PEM.replaceAll('\n', '\r\n')],
    ['PEM on one line with \\n escapes', PEM.trim().replaceAll('\n', '\\n')],
    ['base64-encoded PEM on one line', BASE64_PEM],
    ['base64-encoded PEM read from a file (trailing newline)', `${BASE64_PEM}\n`],
    [
      'base64-encoded PEM wrapped at 76 characters, as `base64` prints it',
      BASE64_PEM.replace(/(.{76})/g, '$1\n'),
    ],
  ])('takes the key as %s and verifies a webhook signed with its pair', (_form, text) => {
    // Prepare
    const body = signWixWebhook(ENVELOPE, keys.privateKey);
    // Act
    const { pem, key } = readWixPublicKey(text, 'WIX_APP_PUBLIC_KEY');
    // Assess
    expect(pem).toBe(PEM.trim());
    expect(verifyWixWebhook(body, key).eventType).toBe(ENVELOPE.eventType);
  });

  it('takes the same two forms as Wix’s SDK (AppStrategy decodes a JWT with either)', async () => {
    // Prepare: a JWT the SDK's own decodeJWT can check, signed by the app's key pair.
    const body = signWixWebhook(ENVELOPE, keys.privateKey);
    // Act
    const decoded = await Promise.all(
      [PEM, BASE64_PEM].map((publicKey) => AppStrategy({ appId: 'app', publicKey }).decodeJWT?.(body)),
    );
    // Assess
    expect(decoded).toHaveLength(2);
    for (const result of decoded)
      expect(JSON.parse(String(result?.decoded.data)).eventType).toBe(ENVELOPE.eventType);
    for (const text of [PEM, BASE64_PEM]) expect(readWixPublicKey(text, 'k').pem).toBe(PEM.trim());
  });

  it.each([
    ['an empty value', '  ', 'WIX_APP_PUBLIC_KEY is empty'],
    [
      'text that is neither',
      'not a key',
      'WIX_APP_PUBLIC_KEY is neither a PEM public key nor base64-encoded PEM',
    ],
    [
      'base64 of something else',
      Buffer.from('hello, not a PEM').toString('base64'),
      'WIX_APP_PUBLIC_KEY is base64 but does not decode to a PEM public key',
    ],
    [
      'the bare base64 body of a PEM (DER, not PEM)',
      PEM.split('\n').slice(1, -2).join(''),
      'WIX_APP_PUBLIC_KEY is base64 but does not decode to a PEM public key',
    ],
  ])('refuses %s with a one-line reason naming where it came from', (_case, text, reason) => {
    expect(refusal(text)).toBe(reason);
  });

  it('refuses a damaged PEM and a key that is not RSA, in one line and without quoting the key', () => {
    // Prepare
    const damaged = PEM.replace(/[A-Za-z]{12}/, '!!!!!!!!!!!!');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    // Act
    const reasons = [refusal(damaged), refusal(Buffer.from(String(ec)).toString('base64'))];
    // Assess
    expect(reasons[0]).toMatch(/^WIX_APP_PUBLIC_KEY is not a valid PEM public key \(/);
    expect(reasons[1]).toBe('WIX_APP_PUBLIC_KEY is not an RSA public key (it is ec)');
    for (const reason of reasons) {
      expect(reason).not.toContain('\n');
      expect(reason).not.toContain('MII');
    }
  });
});
