import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTION_ID } from '#local/demo.ts';
import { startLocalStack } from '#local/stack.ts';
import { loadLocalConfig } from '#shared/config.ts';

describe('local stack data', () => {
  it('survives a restart and the sandbox keeps its keys and demo site', async () => {
    // Prepare
    const config = loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-')),
    });
    const first = await startLocalStack(config);
    const connection = await first.stores.connections.get(DEMO_CONNECTION_ID);
    if (!connection) throw new Error('the demo connection was not installed');
    await first.stores.connections.put({ ...connection, status: 'disabled' });
    const firstKey = first.sandbox?.publicKeyPem;
    await first.stop();

    // Act
    const second = await startLocalStack(config);

    // Assess
    try {
      expect(second.demo).toEqual({ connection: false, rule: false });
      expect((await second.stores.connections.get(DEMO_CONNECTION_ID))?.status).toBe('disabled');
      expect(second.sandbox?.publicKeyPem).toBe(firstKey);
      expect(second.sandbox?.instanceId).toBe(connection?.instanceId);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start twice on the same data directory', async () => {
    const config = loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-')),
    });
    const stack = await startLocalStack(config);
    try {
      await expect(startLocalStack(config)).rejects.toThrow(/already runs/);
    } finally {
      await stack.stop();
    }
  });
});
