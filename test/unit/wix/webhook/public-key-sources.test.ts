import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '#shared/config.ts';
import { loadIngestConfig } from '#shared/ingest/ingest-config.ts';
import { readWixflowConfig } from '../../../../infra/app.ts';
import { testKeys } from '../../../support/webhooks.ts';

// Every place a key enters (the ingest function's env, the local stack's variable and key file, CDK context
// and its key file) takes PEM and base64-encoded PEM through the same parser, and refuses the rest at start.
const keys = testKeys();
const PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const BASE64_PEM = Buffer.from(PEM).toString('base64');
const NEITHER = 'is neither a PEM public key nor base64-encoded PEM';
const dir = mkdtempSync(join(tmpdir(), 'wixflow-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileWith = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const ingest = (key: string) =>
  loadIngestConfig({ EVENTS_QUEUE_URL: 'https://q', WIX_APP_PUBLIC_KEY: key, WIXFLOW_STAGE: 'test' });
const local = (env: Record<string, string>) =>
  loadLocalConfig({ WIX_APP_ID: 'app', ...env }).app?.publicKeyPem;
const cdk = (context: Record<string, string>) => readWixflowConfig(new App({ context })).wixAppPublicKey;

describe('the webhook public key, wherever it is given', () => {
  it.each([
    ['PEM', PEM],
    ['base64-encoded PEM', BASE64_PEM],
  ])('takes %s in every source and hands on PEM', (_form, text) => {
    // Prepare
    const file = fileWith(`key-${_form.replace(/\W+/g, '-')}.txt`, `${text}\n`);
    // Act
    const ingested = ingest(text).publicKey;
    const pems = [
      local({ WIX_APP_PUBLIC_KEY: text }),
      local({ WIX_APP_PUBLIC_KEY_FILE: file }),
      cdk({ wixAppPublicKey: text }),
      cdk({ wixAppPublicKeyFile: file }),
    ];
    // Assess
    expect(ingested.equals(keys.publicKey)).toBe(true);
    expect(pems).toEqual(Array(4).fill(PEM.trim()));
  });

  it('refuses a key that is neither, with one line naming the source', () => {
    // Prepare
    const file = fileWith('bad.txt', 'not a key\n');
    // Act
    const reasons = [
      () => ingest('not a key'),
      () => local({ WIX_APP_PUBLIC_KEY: 'not a key' }),
      () => local({ WIX_APP_PUBLIC_KEY_FILE: file }),
      () => cdk({ wixAppPublicKey: 'not a key' }),
      () => cdk({ wixAppPublicKeyFile: file }),
    ].map((start) => {
      try {
        start();
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    });
    // Assess
    expect(reasons).toEqual([
      `ingest configuration is invalid: WIX_APP_PUBLIC_KEY ${NEITHER}`,
      `local stack configuration is invalid: WIX_APP_PUBLIC_KEY ${NEITHER}`,
      `local stack configuration is invalid: WIX_APP_PUBLIC_KEY_FILE ${file} ${NEITHER}`,
      `Context "wixAppPublicKey" ${NEITHER}`,
      `Context "wixAppPublicKeyFile" ${NEITHER}`,
    ]);
  });

  it('refuses a local key file that cannot be read, naming it', () => {
    const missing = join(dir, 'absent.pem');

    expect(() => local({ WIX_APP_PUBLIC_KEY_FILE: missing })).toThrow(
      `local stack configuration is invalid: WIX_APP_PUBLIC_KEY_FILE ${missing} cannot be read (ENOENT)`,
    );
  });
});
