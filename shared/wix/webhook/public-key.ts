import { createPublicKey, type KeyObject } from 'node:crypto';

/** A Wix app public key that cannot be used; `message` is one line naming where it came from and why. */
export class WixPublicKeyError extends Error {
  override readonly name = 'WixPublicKeyError';
}

const PEM_HEADER = /-----BEGIN [A-Z ]+-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the app's webhook public key as Wix hands it out and as `@wix/sdk` takes it (`parsePublicKeyIfEncoded`):
 * PEM text, or that PEM text base64-encoded on one line (or wrapped, as `base64` prints it). A one-line PEM with literal `\n` escapes (a shell or
 * CDK context value) is PEM too. Returns the PEM and the imported RSA key. Throws WixPublicKeyError
 * `<source> <reason>` when the text is neither, or is not an RSA public key; the key itself is never quoted.
 */
export function readWixPublicKey(text: string, source: string): { pem: string; key: KeyObject } {
  const given = text.trim();
  if (given === '') throw new WixPublicKeyError(`${source} is empty`);
  let pem: string;
  if (PEM_HEADER.test(given)) {
    pem = given.replace(/\\r\\n|\\n/g, '\n');
  } else {
    // `base64 key.pem` wraps its output at 76 characters: line breaks are not part of the encoding.
    const compact = given.replace(/\r?\n/g, '');
    if (!BASE64.test(compact) || compact.length % 4 === 1) {
      throw new WixPublicKeyError(`${source} is neither a PEM public key nor base64-encoded PEM`);
    }
    pem = Buffer.from(compact, 'base64').toString('utf8').trim();
    if (!PEM_HEADER.test(pem)) {
      throw new WixPublicKeyError(`${source} is base64 but does not decode to a PEM public key`);
    }
  }
  pem = pem.replace(/\r\n?/g, '\n');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    const why = (error as Error).message.split('\n')[0];
    throw new WixPublicKeyError(`${source} is not a valid PEM public key (${why})`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new WixPublicKeyError(`${source} is not an RSA public key (it is ${key.asymmetricKeyType})`);
  }
  return { pem, key };
}
