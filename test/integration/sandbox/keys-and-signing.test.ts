import { verify } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleEnvelope, sampleEventTypes } from '#sandbox/samples.ts';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { tempDir } from '../../support/temp.ts';

describe('Wix sandbox keys and webhook signing', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const start = async (dataDir?: string): Promise<WixSandbox> => {
    const sandbox = await startWixSandbox(dataDir ? { dataDir } : {});
    cleanups.push(() => sandbox.stop());
    return sandbox;
  };

  it('signs a webhook as an RS256 JWT that verifies with its public key and carries the envelope', async () => {
    // Prepare
    const sandbox = await start();
    const envelope = {
      eventType: 'AppRemoved',
      instanceId: sandbox.instanceId,
      data: { appId: sandbox.appId },
    };

    // Act
    const jwt = sandbox.signWebhook(envelope);

    // Assess
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      sandbox.publicKeyPem,
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'RS256' });
    const outer = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const middle = JSON.parse(outer.data);
    expect(middle).toEqual({
      eventType: 'AppRemoved',
      instanceId: sandbox.instanceId,
      data: JSON.stringify(envelope.data),
    });
  });

  it('keeps its key pair, app credentials and demo site across restarts with the same dataDir', async () => {
    // Prepare
    const dataDir = tempDir('wix-sandbox-');
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await start(dataDir);
    await first.stop();

    // Act
    const second = await start(dataDir);

    // Assess
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    expect(second.privateKeyPem).toBe(first.privateKeyPem);
    expect([second.appId, second.appSecret, second.instanceId, second.siteId, second.apiKey]).toEqual([
      first.appId,
      first.appSecret,
      first.instanceId,
      first.siteId,
      first.apiKey,
    ]);
    expect(statSync(join(dataDir, 'wix-sandbox-private-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'wix-sandbox-app.json')).mode & 0o777).toBe(0o600);
  });

  it('creates a fresh key pair without a dataDir', async () => {
    // Act
    const a = await start();
    const b = await start();

    // Assess
    expect(a.publicKeyPem).not.toBe(b.publicKeyPem);
    expect(a.appSecret).not.toBe(b.appSecret);
  });

  it('signs every sample event type into a webhook that verifies and decodes back to the sample', async () => {
    // Prepare
    const sandbox = await start();

    // Act
    const decoded = sampleEventTypes().map((eventType) => {
      const envelope = sampleEnvelope(eventType, { instanceId: sandbox.instanceId });
      const [header, payload, signature] = sandbox.signWebhook(envelope).split('.') as [
        string,
        string,
        string,
      ];
      const valid = verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        sandbox.publicKeyPem,
        Buffer.from(signature, 'base64url'),
      );
      const middle = JSON.parse(JSON.parse(Buffer.from(payload, 'base64url').toString()).data);
      return { valid, eventType: middle.eventType, data: JSON.parse(middle.data), expected: envelope };
    });

    // Assess
    for (const d of decoded) {
      expect(d.valid).toBe(true);
      expect(d.eventType).toBe(d.expected.eventType);
      expect(d.data).toEqual(d.expected.data);
    }
  });
});
