import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/** What the sandbox keeps across restarts: the webhook key pair, the app, and the demo site's ids. */
export interface SandboxIdentity {
  appId: string;
  appSecret: string;
  publicKeyPem: string;
  privateKeyPem: string;
  instanceId: string;
  siteId: string;
  apiKey: string;
  accountId: string;
}

const PRIVATE_KEY_FILE = 'wix-sandbox-private-key.pem';
const PUBLIC_KEY_FILE = 'wix-sandbox-public-key.pem';
const IDENTITY_FILE = 'wix-sandbox-app.json';

const storedIdentity = z.object({
  appId: z.string().min(1),
  appSecret: z.string().min(1),
  instanceId: z.string().min(1),
  siteId: z.string().min(1),
  apiKey: z.string().min(1),
  accountId: z.string().min(1),
});

/** Creates a fresh identity: a 2048-bit RSA pair (Wix signs webhooks RS256) and new app and site ids. */
export function createIdentity(): SandboxIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    appId: randomUUID(),
    appSecret: randomUUID(),
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
    instanceId: randomUUID(),
    siteId: randomUUID(),
    apiKey: `IST.${randomBytes(24).toString('base64url')}`,
    accountId: randomUUID(),
  };
}

const writeSecret = (path: string, content: string) => {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600); // mode only applies on creation; tighten files left by an older run too
};

/** Loads the identity kept in `dataDir`, or creates one and writes it there (files mode 0600); throws on a corrupt file. */
export function loadOrCreateIdentity(dataDir: string): SandboxIdentity {
  const privatePath = join(dataDir, PRIVATE_KEY_FILE);
  const publicPath = join(dataDir, PUBLIC_KEY_FILE);
  const identityPath = join(dataDir, IDENTITY_FILE);
  if (existsSync(privatePath) && existsSync(publicPath) && existsSync(identityPath)) {
    const parsed = storedIdentity.safeParse(JSON.parse(readFileSync(identityPath, 'utf8')));
    if (!parsed.success) throw new Error(`Wix sandbox: ${identityPath} is not a valid sandbox identity file`);
    return {
      ...parsed.data,
      privateKeyPem: readFileSync(privatePath, 'utf8'),
      publicKeyPem: readFileSync(publicPath, 'utf8'),
    };
  }
  const identity = createIdentity();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeSecret(privatePath, identity.privateKeyPem);
  writeSecret(publicPath, identity.publicKeyPem);
  const { privateKeyPem: _private, publicKeyPem: _public, ...ids } = identity;
  writeSecret(identityPath, `${JSON.stringify(ids, null, 2)}\n`);
  return identity;
}
