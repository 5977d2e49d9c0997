import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COLLECTION_ID } from '#local/demo.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { eventFinished, startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

const ANY_SITE_RULE = 'any-site-new-products';

describe('exactly once, in order, across installs', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  const post = async (body: string) => {
    const response = await fetch(stack.webhookUrl, { method: 'POST', body });
    expect(response.status).toBe(200);
    return (JSON.parse(await response.text()) as { accepted: string }).accepted;
  };
  const finished = (eventId: string) => eventFinished(stack, eventId);
  const productUpdated = (entityId: string, sequence: number) => ({
    eventType: 'wix.stores.catalog.v3.product_updated',
    instanceId: sandbox.instanceId,
    data: {
      id: randomUUID(),
      entityFqdn: 'wix.stores.catalog.v3.product',
      slug: 'updated',
      entityId,
      updatedEvent: { currentEntityAsJson: JSON.stringify({ id: entityId, name: `v${sequence}` }) },
      eventTime: new Date().toISOString(),
      entityEventSequence: String(sequence),
    },
  });

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({ WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' }));
    const rules = validateRuleSet([
      {
        source: 'test',
        value: {
          id: ANY_SITE_RULE,
          connection: '*',
          trigger: ['products.created', 'products.updated'],
          actions: [
            {
              id: 'add',
              module: 'collections.addProducts',
              input: { collectionId: DEMO_COLLECTION_ID, productIds: ['{{ trigger.entityId }}'] },
            },
          ],
        },
      },
    ]);
    for (const rule of rules) await stack.stores.rules.put(prepareRule(rule));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('acts once on a legacy event that Wix re-signs and sends again', async () => {
    // Prepare
    const envelope = {
      eventType: 'com.wix.ecommerce.catalog.api.v1.CollectionCreated',
      instanceId: sandbox.instanceId,
      data: { collectionId: randomUUID(), name: 'Resent', visible: true },
    };
    const first = signWixWebhook(envelope, sandbox.privateKeyPem, {
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
    });
    const resent = signWixWebhook(envelope, sandbox.privateKeyPem);

    // Act
    const id1 = await post(first);
    await finished(id1);
    const id2 = await post(resent);
    const record = await waitFor('the duplicate to be counted', async () => {
      const r = await stack.stores.events.get(id1);
      return (r?.duplicates ?? 0) > 0 && r;
    });

    // Assess
    expect(first).not.toBe(resent);
    expect(id2).toBe(id1);
    expect(record).toMatchObject({ status: 'done', duplicates: 1 });
  });

  it('records a stale out-of-order update and does not act on it', async () => {
    const productId = randomUUID();
    const newer = await post(signWixWebhook(productUpdated(productId, 7), sandbox.privateKeyPem));
    expect((await finished(newer)).status).toBe('done');

    const older = await post(signWixWebhook(productUpdated(productId, 3), sandbox.privateKeyPem));
    const record = await finished(older);

    expect(record).toMatchObject({ status: 'stale', runIds: [] });
    const calls = sandbox.requests.filter((r) => JSON.stringify(r.body ?? {}).includes(productId));
    expect(calls).toHaveLength(1);
  });

  it('creates a connection from AppInstalled that runs rules, and stops them after AppRemoved', async () => {
    // Prepare: a second site installs the app.
    const site = sandbox.addSite();
    const installed = await sandbox.emit('AppInstalled', {
      webhookUrl: stack.webhookUrl,
      instanceId: site.instanceId,
    });
    await finished(JSON.parse(installed.body).accepted);
    const [connection] = await stack.stores.connections.findByInstanceId(site.instanceId);

    // Act: a product is created on the new site.
    const created = await sandbox.emit('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      webhookUrl: stack.webhookUrl,
      instanceId: site.instanceId,
    });
    const productId = (created.envelope.data as { productId: string }).productId;

    // Assess
    expect(connection).toMatchObject({
      instanceId: site.instanceId,
      status: 'active',
      auth: { kind: 'oauth' },
    });
    const call = await waitFor('the new site’s collection call', () =>
      sandbox.requests.find((r) => r.status === 200 && JSON.stringify(r.body ?? {}).includes(productId)),
    );
    expect(call.instanceId).toBe(site.instanceId);

    // Act again: the app is removed; later events run nothing.
    const removed = await sandbox.emit('AppRemoved', {
      webhookUrl: stack.webhookUrl,
      instanceId: site.instanceId,
    });
    await finished(JSON.parse(removed.body).accepted);
    const after = await sandbox.emit('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      webhookUrl: stack.webhookUrl,
      instanceId: site.instanceId,
    });
    const record = await finished(JSON.parse(after.body).accepted);

    expect((await stack.stores.connections.get(connection?.id ?? ''))?.status).toBe('disabled');
    expect(record).toMatchObject({ status: 'ignored', runIds: [] });
  });
});
