import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATEGORY_ID, DEMO_COLLECTION_ID, DEMO_RULE_ID, demoCollectionFor } from '#local/demo.ts';
import { type LocalStack, startLocalStack } from '#local/stack.ts';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { waitFor } from '../../support/wait.ts';
import { createTestKeys } from '../../support/webhooks.ts';

const LEGACY_PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
const V3_PRODUCT_CREATED = 'wix.stores.catalog.v3.product_created';
const quietEnv = { PORT: '0', LOG_LEVEL: 'warn' };

/** What differs between the demo on a Catalog V3 site (the default) and on a Catalog V1 site. */
const DEMOS = [
  {
    catalog: 'V3_CATALOG',
    env: {},
    newProduct: (name: string) => ({
      path: '/stores/v3/products',
      product: {
        name,
        productType: 'PHYSICAL',
        variantsInfo: { variants: [{ price: { actualPrice: { amount: '10' } }, choices: [] }] },
      },
    }),
    demoPath: `/categories/v1/bulk/categories/${DEMO_CATEGORY_ID}/add-items`,
    emitted: V3_PRODUCT_CREATED,
  },
  {
    catalog: 'V1_CATALOG',
    env: { WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' },
    newProduct: (name: string) => ({
      path: '/stores/v1/products',
      product: { name, productType: 'physical', priceData: { price: 10 } },
    }),
    demoPath: `/stores/v1/collections/${DEMO_COLLECTION_ID}/productIds`,
    emitted: LEGACY_PRODUCT_CREATED,
  },
] as const;

type Demo = (typeof DEMOS)[number];
const V1_DEMO = DEMOS[1];

/** Creates a product on the site through its REST API (as a merchant would in the dashboard). */
async function createProductOn(sandbox: WixSandbox, demo: Demo, name: string): Promise<string> {
  const { path, product } = demo.newProduct(name);
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: sandbox.apiKey,
      'wix-site-id': sandbox.siteId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ product }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { product: { id: string } }).product.id;
}

/** The rule's calls for a product: adding it to the seeded collection (V1) or category (V3). */
const callsFor = (sandbox: WixSandbox, path: string, productId: string) =>
  sandbox.requests.filter(
    (r) => r.method === 'POST' && r.path === path && JSON.stringify(r.body ?? {}).includes(productId),
  );

describe.each(DEMOS)('local stack in sandbox mode on a $catalog demo site', (demo) => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  const createProduct = (name: string) => createProductOn(sandbox, demo, name);
  const demoCalls = (productId: string) => callsFor(sandbox, demo.demoPath, productId);

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wixflow-it-'));
    stack = await startLocalStack(loadLocalConfig({ ...quietEnv, ...demo.env, WIXFLOW_DATA_DIR: dataDir }));
    if (!stack.sandbox) throw new Error('expected sandbox mode');
    sandbox = stack.sandbox;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('installs the demo connection and rule on a site of that catalog', async () => {
    expect(stack.demo).toEqual({ connection: true, rule: true });
    expect(sandbox.catalog).toBe(demo.catalog);
    const rule = await stack.stores.rules.get(DEMO_RULE_ID);
    expect(rule?.trigger).toBe('products.created');
    expect(rule?.actions[0]?.input).toMatchObject({ collectionId: demoCollectionFor(demo.catalog) });
  });

  it.each([
    [
      'legacy Catalog V1',
      LEGACY_PRODUCT_CREATED,
      (id: string) => ({ productId: id, name: 'Hat', visible: true }),
    ],
    [
      'Catalog V3 domain',
      V3_PRODUCT_CREATED,
      (id: string) => ({
        id: crypto.randomUUID(),
        entityFqdn: 'wix.stores.catalog.v3.product',
        slug: 'created',
        entityId: id,
        createdEvent: { entityAsJson: JSON.stringify({ id, name: 'Hat', visible: true }) },
        eventTime: new Date().toISOString(),
      }),
    ],
  ])('turns a signed %s product-created webhook into the rule’s Wix call', async (_name, eventType, data) => {
    // Prepare
    const productId = await createProduct(`Hat ${eventType}`);
    const body = signWixWebhook(
      { eventType, instanceId: sandbox.instanceId, data: data(productId) },
      sandbox.privateKeyPem,
    );

    // Act
    const response = await fetch(stack.webhookUrl, { method: 'POST', body });

    // Assess
    expect(response.status).toBe(200);
    const [call] = await waitFor('the sandbox to receive the demo rule’s call', () => {
      const calls = demoCalls(productId);
      return calls.length > 0 && calls;
    });
    expect(call?.status).toBe(200);
    expect(JSON.stringify(call?.body)).toContain(productId);
    expect(call?.headers.authorization).toBeTruthy();
    const runs = await waitFor('the run record', async () => {
      const all = await stack.stores.runs.list({ ruleId: DEMO_RULE_ID });
      return all.find((r) => r.status === 'succeeded' && JSON.stringify(r.steps).includes(productId));
    });
    expect(runs.steps[0]?.calls).toContainEqual({ method: 'POST', path: demo.demoPath, status: 200 });
  });

  it('runs the demo rule for a product the sandbox creates and announces (wixflow sandbox emit)', async () => {
    const emitted = await sandbox.emit(demo.emitted, { webhookUrl: stack.webhookUrl });
    const data = emitted.envelope.data as { productId?: string; entityId?: string };
    const productId = String(data.productId ?? data.entityId);

    expect(emitted.status).toBe(200);
    await waitFor('the demo rule’s call', () => demoCalls(productId).some((c) => c.status === 200));
  });

  it('acts once when Wix delivers the same event twice', async () => {
    const productId = await createProduct('Twice');
    const body = signWixWebhook(
      { eventType: LEGACY_PRODUCT_CREATED, instanceId: sandbox.instanceId, data: { productId } },
      sandbox.privateKeyPem,
    );

    const first = await fetch(stack.webhookUrl, { method: 'POST', body });
    const { accepted: eventId } = (await first.json()) as { accepted: string };
    await waitFor(
      'the first event to finish',
      async () => (await stack.stores.events.get(eventId))?.status === 'done',
    );
    expect((await fetch(stack.webhookUrl, { method: 'POST', body })).status).toBe(200);
    // The event log counts the second delivery once the consumer has seen it: only then are calls counted.
    await waitFor(
      'the duplicate to be consumed',
      async () => ((await stack.stores.events.get(eventId))?.duplicates ?? 0) >= 1,
    );

    expect(demoCalls(productId)).toHaveLength(1);
  });

  it('answers 401 to a webhook signed with another key and calls nothing', async () => {
    const before = sandbox.requests.length;
    const body = signWixWebhook(
      { eventType: LEGACY_PRODUCT_CREATED, instanceId: sandbox.instanceId, data: { productId: 'x' } },
      createTestKeys().privateKey,
    );

    const response = await fetch(stack.webhookUrl, { method: 'POST', body });

    expect(response.status).toBe(401);
    expect(sandbox.requests.length).toBe(before);
  });

  it('answers 413 to an oversized body', async () => {
    const response = await fetch(stack.webhookUrl, { method: 'POST', body: 'x'.repeat(300 * 1024) });

    expect(response.status).toBe(413);
  });
});

describe('local stack with a configured Wix app', () => {
  let wix: WixSandbox;
  let stack: LocalStack;

  beforeAll(async () => {
    // The sandbox stands in for www.wixapis.com; the local stack knows it only by WIX_API_BASE_URL.
    wix = await startWixSandbox({ catalog: 'V1_CATALOG' });
    const dataDir = mkdtempSync(join(tmpdir(), 'wixflow-it-app-'));
    stack = await startLocalStack(
      loadLocalConfig({
        ...quietEnv,
        WIXFLOW_DATA_DIR: dataDir,
        WIX_APP_ID: wix.appId,
        WIX_APP_SECRET: wix.appSecret,
        // Base64-encoded PEM on one line, as Wix's SDK also takes it: the stack still verifies Wix's signatures.
        WIX_APP_PUBLIC_KEY: Buffer.from(wix.publicKeyPem).toString('base64'),
        WIX_API_BASE_URL: wix.url,
      }),
    );
    const now = new Date().toISOString();
    await stack.stores.connections.put({
      id: 'my-shop',
      instanceId: wix.instanceId,
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'new-products-to-new-arrivals',
          connection: 'my-shop',
          trigger: 'products.created',
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
    if (!rule) throw new Error('rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));
  });
  afterAll(async () => {
    await stack?.stop();
    await wix?.stop();
  });

  it('is not in sandbox mode and installs no demo', () => {
    expect(stack.sandbox).toBeUndefined();
    expect(stack.demo).toBeUndefined();
  });

  it('calls WIX_API_BASE_URL as the rule says, authorised with the client-credentials token', async () => {
    const productId = await createProductOn(wix, V1_DEMO, 'Configured app product');
    const body = signWixWebhook(
      { eventType: LEGACY_PRODUCT_CREATED, instanceId: wix.instanceId, data: { productId } },
      wix.privateKeyPem,
    );

    expect((await fetch(stack.webhookUrl, { method: 'POST', body })).status).toBe(200);

    const [call] = await waitFor('the collection call', () => {
      const calls = callsFor(wix, V1_DEMO.demoPath, productId);
      return calls.length > 0 && calls;
    });
    const tokenCall = wix.requests.find((r) => r.path === '/oauth2/token' && r.status === 200);
    expect(tokenCall?.body).toMatchObject({
      grant_type: 'client_credentials',
      client_id: wix.appId,
      instance_id: wix.instanceId,
    });
    expect(call?.status).toBe(200);
    const token = (tokenCall?.response as { access_token?: string } | undefined)?.access_token;
    expect(token).toBeTruthy();
    expect(call?.headers.authorization).toBe(token);
  });

  it('answers 401 to a webhook signed with another key and makes no call', async () => {
    const before = wix.requests.length;
    const body = signWixWebhook(
      { eventType: LEGACY_PRODUCT_CREATED, instanceId: wix.instanceId, data: { productId: 'x' } },
      createTestKeys().privateKey,
    );

    expect((await fetch(stack.webhookUrl, { method: 'POST', body })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(wix.requests.length).toBe(before);
  });
});
