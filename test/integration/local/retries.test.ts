import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULE_ID } from '#local/demo.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import type { Run } from '#shared/store/runs.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

const PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
const RULE_ID = 'retry-policy';

/** A GET of the product the event is about. */
const getProduct = { url: '/stores/v1/products/{{ trigger.entityId }}', method: 'GET' };
/** A contact named after the product: a POST that creates, not safe to send twice. */
const createContact = {
  url: '/contacts/v4/contacts',
  method: 'POST',
  body: { info: { name: { first: '{{ trigger.entityId }}' } } },
};

describe('retries that follow HTTP, through the local stack and the sandbox over HTTP', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  /** Puts the one rule these tests run: one wix.apiCall step with `input` and an optional `retry` block. */
  const useRule = async (input: Record<string, unknown>, retry?: Record<string, unknown>) => {
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: RULE_ID,
          connection: '*',
          trigger: 'products.created',
          actions: [{ id: 'call', module: 'wix.apiCall', input, ...(retry ? { retry } : {}) }],
        },
      },
    ]);
    if (!rule) throw new Error('the rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));
  };
  const emitProduct = async () => {
    const emitted = await sandbox.emit(PRODUCT_CREATED, { webhookUrl: stack.webhookUrl });
    expect(emitted.status).toBe(200);
    return {
      eventId: JSON.parse(emitted.body).accepted as string,
      productId: (emitted.envelope.data as { productId: string }).productId,
    };
  };
  const runUntil = (eventId: string, status: Run['status']) =>
    waitFor(`a ${status} run`, async () =>
      (await stack.stores.runs.list({ ruleId: RULE_ID })).find(
        (r) => r.eventId === eventId && r.status === status,
      ),
    );
  const eventDone = (eventId: string) =>
    waitFor('the event to finish', async () => {
      const record = await stack.stores.events.get(eventId);
      return record?.status === 'done' && record;
    });
  /** The statuses the sandbox answered to `method` calls about the product, in order. */
  const answers = (method: string, productId: string) =>
    sandbox.requests
      .filter(
        (r) =>
          r.method === method &&
          (r.path.includes(productId) || String(JSON.stringify(r.body)).includes(productId)),
      )
      .map((r) => r.status);

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({
      WIXFLOW_RETRY_DELAY_S: '1',
      WIXFLOW_MAX_RECEIVES: '5',
      // The rules below call Catalog V1 routes.
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
    }));
    // Only the rule under test runs: the demo rule would fail and retry alongside it.
    const demo = await stack.stores.rules.get(DEMO_RULE_ID);
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
    // A first event mints the site's token, so the failing calls below are the steps' own.
    await useRule(getProduct);
    await eventDone((await emitProduct()).eventId);
  });
  afterEach(async () => {
    sandbox.setFaults({});
    await stack.stores.rules.delete(RULE_ID);
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it('retries a GET that met a 500 and succeeds once Wix answers 200', async () => {
    // Prepare
    await useRule(getProduct);
    sandbox.setFaults({ errorRate: 1 });
    const { eventId, productId } = await emitProduct();
    const retrying = await runUntil(eventId, 'retrying');

    // Act: Wix recovers; the queue brings the event back after the backoff.
    sandbox.setFaults({});
    const run = await runUntil(eventId, 'succeeded');

    // Assess
    expect(retrying.error).toMatchObject({ status: 500, retryable: true });
    expect(retrying.steps[0]).toMatchObject({ id: 'call', status: 'failed', attempts: 1 });
    expect(run.attempts).toBe(2);
    expect(run.steps[0]).toMatchObject({ status: 'succeeded', output: { status: 200 } });
    expect(answers('GET', productId)).toEqual([500, 200]);
  });

  it('retries one of Wix’s read-only POSTs (…/query) that met a 500', async () => {
    await useRule({
      url: '/stores/v1/products/query',
      method: 'POST',
      body: { query: { filter: '{"id": "{{ trigger.entityId }}"}' } },
    });
    sandbox.setFaults({ errorRate: 1 });
    const { eventId, productId } = await emitProduct();
    await runUntil(eventId, 'retrying');

    sandbox.setFaults({});
    const run = await runUntil(eventId, 'succeeded');

    expect(run.attempts).toBe(2);
    expect(answers('POST', productId)).toEqual([500, 200]);
  });

  it('stops a POST that creates and met a 500 as needs-attention, without sending it again', async () => {
    // Prepare
    await useRule(createContact);
    sandbox.setFaults({ errorRate: 1 });

    // Act
    const { eventId, productId } = await emitProduct();
    const run = await runUntil(eventId, 'needs-attention');
    await eventDone(eventId);

    // Assess: the event is finished (a human decides), and Wix saw the create once.
    expect(run.reason).toMatch(
      /step call: the outcome is unknown .*500.* and wix\.apiCall POST is not safe to repeat/,
    );
    expect(run.attempts).toBe(1);
    expect(answers('POST', productId)).toEqual([500]);
  });

  it('retries the POST that creates when its step says retry.unknownOutcome: retry', async () => {
    await useRule(createContact, { unknownOutcome: 'retry' });
    sandbox.setFaults({ errorRate: 1 });
    const { eventId, productId } = await emitProduct();
    await runUntil(eventId, 'retrying');

    sandbox.setFaults({});
    const run = await runUntil(eventId, 'succeeded');

    expect(run.attempts).toBe(2);
    expect(answers('POST', productId)).toEqual([500, 200]);
  });

  it('stops the GET as needs-attention when its step says retry.unknownOutcome: attention', async () => {
    await useRule(getProduct, { unknownOutcome: 'attention' });
    sandbox.setFaults({ errorRate: 1 });

    const { eventId, productId } = await emitProduct();
    const run = await runUntil(eventId, 'needs-attention');
    await eventDone(eventId);

    expect(run.reason).toMatch(/the step asks for attention \(retry\.unknownOutcome: attention\)/);
    expect(answers('GET', productId)).toEqual([500]);
  });

  it('fails the run for good once the step used retry.maxAttempts deliveries', async () => {
    // Prepare: Wix keeps failing; the queue would deliver the event 5 times.
    await useRule(getProduct, { maxAttempts: 2 });
    sandbox.setFaults({ errorRate: 1 });

    // Act
    const { eventId, productId } = await emitProduct();
    const run = await runUntil(eventId, 'failed');
    await eventDone(eventId);

    // Assess: two deliveries ran the step, then the run ended and the event with it.
    expect(run.reason).toBe('rule retry-policy: step call: gave up after 2 attempts (retry.maxAttempts: 2)');
    expect(run.attempts).toBe(2);
    expect(run.steps[0]).toMatchObject({ status: 'failed', attempts: 2, error: { status: 500 } });
    expect(answers('GET', productId)).toEqual([500, 500]);
  });
});
