import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import type { Run } from '#shared/store/runs.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

const PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';

describe('rules end to end through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  const emit = async () => {
    const emitted = await sandbox.emit(PRODUCT_CREATED, { webhookUrl: stack.webhookUrl });
    expect(emitted.status).toBe(200);
    return {
      eventId: JSON.parse(emitted.body).accepted as string,
      product: emitted.envelope.data as { productId: string; name: string },
    };
  };
  const runOf = (ruleId: string, eventId: string) =>
    waitFor<Run>(`a finished run of ${ruleId}`, async () => {
      const run = (await stack.stores.runs.list({ ruleId, limit: 500 })).find((r) => r.eventId === eventId);
      return run && run.status !== 'running' && run.status !== 'retrying' && run;
    });
  const apply = async (...values: unknown[]) => {
    for (const rule of validateRuleSet(values.map((value) => ({ source: 'test', value })))) {
      await stack.stores.rules.put(prepareRule(rule));
    }
  };

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({ WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' }));
    // Only the rules of each test run: the demo rule is switched off.
    const demo = await stack.stores.rules.get('demo-new-products-to-new-arrivals');
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs a two-step rule whose second step uses the first step’s output', async () => {
    await apply({
      id: 'collection-per-product',
      connection: '*',
      trigger: 'products.created',
      actions: [
        { id: 'create', module: 'collections.create', input: { name: 'For {{ trigger.entity.name }}' } },
        {
          id: 'add',
          module: 'collections.addProducts',
          input: { collectionId: '{{ steps.create.collection.id }}', productIds: ['{{ trigger.entityId }}'] },
        },
      ],
    });

    const { eventId, product } = await emit();
    const run = await runOf('collection-per-product', eventId);

    expect(run.status).toBe('succeeded');
    const created = run.steps[0]?.output as { collection: { id: string; name: string } };
    expect(created.collection.name).toBe(`For ${product.name}`);
    expect(run.steps[1]?.input).toEqual({
      collectionId: created.collection.id,
      productIds: [product.productId],
    });
    const get = await fetch(`${sandbox.url}/stores/v1/products/${product.productId}`, {
      headers: { Authorization: sandbox.apiKey, 'wix-site-id': sandbox.siteId },
    });
    expect(((await get.json()) as { product: { collectionIds: string[] } }).product.collectionIds).toContain(
      created.collection.id,
    );
    await stack.stores.rules.delete('collection-per-product');
  });

  it('keeps events its filter rejects out, calling nothing', async () => {
    await apply({
      id: 'only-hats',
      connection: '*',
      trigger: 'products.created',
      filter: "$contains(trigger.entity.name, 'Hat')",
      actions: [
        { id: 'add', module: 'collections.addProducts', input: { collectionId: 'c', productIds: ['x'] } },
      ],
    });
    const before = sandbox.requests.length;

    const { eventId } = await emit();
    const run = await runOf('only-hats', eventId);

    expect(run).toMatchObject({ status: 'skipped', steps: [], reason: 'filter was false' });
    expect(sandbox.requests.length).toBe(before);
    await stack.stores.rules.delete('only-hats');
  });

  it('fails fast on a permanent Wix error, with Wix’s message in the run', async () => {
    await apply({
      id: 'into-missing-collection',
      connection: '*',
      trigger: 'products.created',
      actions: [
        {
          id: 'add',
          module: 'collections.addProducts',
          input: {
            collectionId: '00000000-dead-beef-0000-000000000000',
            productIds: ['{{ trigger.entityId }}'],
          },
        },
      ],
    });

    const { eventId } = await emit();
    const run = await runOf('into-missing-collection', eventId);

    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { status: 404, retryable: false } });
    expect(run.error?.message).toMatch(
      /Wix answered 404 to POST \/stores\/v1\/collections\/00000000-dead-beef-0000-000000000000\/productIds: .+/,
    );
    await stack.stores.rules.delete('into-missing-collection');
  });
});
