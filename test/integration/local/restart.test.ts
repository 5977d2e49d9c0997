import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CATEGORY_ID, DEMO_COLLECTION_ID, DEMO_CONNECTION_ID, DEMO_RULE_ID } from '#local/demo.ts';
import { startLocalStack } from '#local/stack.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { waitFor } from '../../support/wait.ts';

describe('local stack data', () => {
  it('survives a restart and the sandbox keeps its keys and demo site', async () => {
    // Prepare
    const config = loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-')),
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
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

  it('points the demo rule at the category when restarted on Catalog V3, but keeps a demo rule the user changed', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-'));
    const env = (catalog: string) =>
      loadLocalConfig({
        PORT: '0',
        LOG_LEVEL: 'warn',
        WIXFLOW_DATA_DIR: dataDir,
        WIXFLOW_SANDBOX_CATALOG: catalog,
      });
    const collectionIdOf = async (stack: Awaited<ReturnType<typeof startLocalStack>>) => {
      const input = (await stack.stores.rules.get(DEMO_RULE_ID))?.actions[0]?.input;
      return (input as { collectionId?: string } | undefined)?.collectionId;
    };
    try {
      const v1 = await startLocalStack(env('V1_CATALOG'));
      const onV1 = await collectionIdOf(v1);
      await v1.stop();

      // Act
      const v3 = await startLocalStack(env('V3_CATALOG'));
      const onV3 = await collectionIdOf(v3);
      const rule = await v3.stores.rules.get(DEMO_RULE_ID);
      if (rule)
        await v3.stores.rules.put({
          ...rule,
          actions: [...rule.actions, ...rule.actions.map((a) => ({ ...a, id: 'again' }))],
        });
      await v3.stop();
      const back = await startLocalStack(env('V1_CATALOG'));
      const changed = await collectionIdOf(back);
      await back.stop();

      // Assess
      expect(onV1).toBe(DEMO_COLLECTION_ID);
      expect(onV3).toBe(DEMO_CATEGORY_ID);
      expect(changed).toBe(DEMO_CATEGORY_ID);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps events still queued at stop and processes them after the restart', async () => {
    // Prepare: Wix fails, so the event waits in the queue for its retry (4.5–7.5 s away) when the stack stops.
    const env = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-')),
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
      WIXFLOW_RETRY_DELAY_S: '6',
    };
    const first = await startLocalStack(loadLocalConfig(env));
    first.sandbox?.setFaults({ errorRate: 1 });
    const emitted = await first.sandbox?.emit('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      webhookUrl: first.webhookUrl,
    });
    const eventId = JSON.parse(emitted?.body ?? '{}').accepted as string;
    await waitFor(
      'the first, failed attempt',
      async () => (await first.stores.events.get(eventId))?.attempts === 1,
    );
    await first.stop();

    // Act
    const second = await startLocalStack(loadLocalConfig(env));

    // Assess: the queue kept the message and its retry time across the restart, as SQS would; it comes back
    // when its delay is up and the event finishes on the second stack.
    try {
      const record = await waitFor(
        'the event to finish after the restart',
        async () => {
          const r = await second.stores.events.get(eventId);
          return r?.status === 'done' && r;
        },
        30_000,
      );
      expect(record.attempts).toBe(2);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start twice on the same data directory', async () => {
    const config = loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'wf-')),
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
    });
    const stack = await startLocalStack(config);
    try {
      await expect(startLocalStack(config)).rejects.toThrow(/already runs/);
    } finally {
      await stack.stop();
    }
  });
});
