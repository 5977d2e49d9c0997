import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COLLECTION_ID, DEMO_RULE_ID } from '#local/demo.ts';
import { localSqsClient } from '#local/emulators.ts';
import { readRunningEndpoints } from '#local/endpoints.ts';
import { localQueueAdmin } from '#local/queue-admin.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { newReplay, storedEvent } from '#shared/replay/replay-events.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

const PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';

describe('delivery guarantees through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  const emitProduct = async () => {
    const emitted = await sandbox.emit(PRODUCT_CREATED, { webhookUrl: stack.webhookUrl });
    expect(emitted.status).toBe(200);
    return {
      eventId: JSON.parse(emitted.body).accepted as string,
      productId: (emitted.envelope.data as { productId: string }).productId,
    };
  };
  const runOf = (ruleId: string, productId: string) =>
    stack.stores.runs
      .list({ ruleId })
      .then((runs) => runs.find((r) => JSON.stringify(r.steps).includes(productId)));

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
      WIXFLOW_RETRY_DELAY_S: '1',
      WIXFLOW_MAX_RECEIVES: '3',
    }));
  });
  afterEach(() => {
    sandbox.setFaults({});
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('retries an idempotent step after Wix 5xx and succeeds once Wix recovers, without doubling it', async () => {
    // Prepare: Wix fails every call for now.
    sandbox.setFaults({ errorRate: 1 });
    const { productId } = await emitProduct();
    const failing = await waitFor('a retrying run', async () => {
      const run = await runOf(DEMO_RULE_ID, productId);
      return run?.status === 'retrying' && run;
    });

    // Act: Wix recovers; the queue brings the event back after the backoff.
    sandbox.setFaults({});
    const run = await waitFor('the run to succeed', async () => {
      const r = await runOf(DEMO_RULE_ID, productId);
      return r?.status === 'succeeded' && r;
    });

    // Assess
    expect(failing.error?.status).toBe(500);
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    const adds = sandbox.requests.filter(
      (r) =>
        r.status === 200 &&
        r.path === `/stores/v1/collections/${DEMO_COLLECTION_ID}/productIds` &&
        JSON.stringify(r.body).includes(productId),
    );
    expect(adds).toHaveLength(1);
  });

  it('never repeats a finished step when a later step is retried', async () => {
    // Prepare: step 1 creates a collection (not safe to repeat); step 2 calls an outside URL that fails once.
    let hits = 0;
    const outside = createServer((_req, res) => {
      hits += 1;
      res.writeHead(hits === 1 ? 503 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(outside.address() as AddressInfo).port}/hook`;
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'create-then-notify',
          connection: '*',
          trigger: 'products.created',
          actions: [
            {
              id: 'create',
              module: 'collections.create',
              input: { name: 'Checkpoint {{ trigger.entityId }}' },
            },
            {
              id: 'notify',
              module: 'http.request',
              input: { url, method: 'POST', body: { id: '{{ steps.create.collection.id }}' } },
            },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));

    // Act
    const { productId } = await emitProduct();
    const run = await waitFor('the run to succeed after its retry', async () => {
      const r = (await stack.stores.runs.list({ ruleId: 'create-then-notify' })).find((x) =>
        JSON.stringify(x.steps).includes(productId),
      );
      return r?.status === 'succeeded' && r;
    });

    // Assess
    const creates = sandbox.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path === '/stores/v1/collections' &&
        JSON.stringify(r.body).includes(productId),
    );
    expect(run.attempts).toBe(2);
    expect(hits).toBe(2);
    expect(creates).toHaveLength(1);
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ['create', 'succeeded'],
      ['notify', 'succeeded'],
    ]);
    await stack.stores.rules.delete('create-then-notify');
    outside.close();
  });

  it('stops a non-idempotent step whose outcome is unknown as needs-attention, and a replay finishes it', async () => {
    // Prepare: a rule whose step creates a contact (not safe to repeat blindly).
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'contact-per-product',
          connection: '*',
          trigger: 'products.created',
          actions: [
            { id: 'contact', module: 'contacts.create', input: { firstName: '{{ trigger.entity.name }}' } },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));
    // Only this rule runs: the demo rule would keep the event open with its own retries.
    const demo = await stack.stores.rules.get(DEMO_RULE_ID);
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
    // A first event mints the site's token, so the failing call below is the contact creation itself.
    const warm = await emitProduct();
    await waitFor(
      'the warm-up event',
      async () => (await stack.stores.events.get(warm.eventId))?.status === 'done',
    );
    sandbox.setFaults({ errorRate: 1 });

    // Act
    const { eventId } = await emitProduct();
    const stuck = await waitFor('needs-attention', async () =>
      (await stack.stores.runs.list({ ruleId: 'contact-per-product' })).find(
        (r) => r.eventId === eventId && r.status === 'needs-attention',
      ),
    );
    const endpoints = await readRunningEndpoints(stack.dataDir);
    const record = await stack.stores.events.get(eventId);
    const event = record && storedEvent(record);
    if (!endpoints || !event) throw new Error('expected a running stack and a stored event');
    const queue = localQueueAdmin(endpoints);
    // A replay while Wix still fails, delivered twice: the run is tried again once, not twice.
    const twice = newReplay(false);
    await queue.send(event, twice);
    const again = await waitFor('the first replay to end', async () => {
      const run = await stack.stores.runs.get(stuck.runId);
      return run?.replayId === twice.id && run.status === 'needs-attention' && run;
    });
    await queue.send(event, twice);
    // The event itself finished (needs-attention is final), so each replay message counts as a duplicate.
    await waitFor('both replay messages to be consumed', async () => {
      const r = await stack.stores.events.get(eventId);
      return (r?.duplicates ?? 0) >= 2 && r;
    });
    expect((await stack.stores.runs.get(stuck.runId))?.attempts).toBe(stuck.attempts + 1);
    sandbox.setFaults({});
    await queue.send(event, newReplay(false));
    queue.close();
    const replayed = await waitFor('the replayed run to succeed', async () => {
      const run = await stack.stores.runs.get(stuck.runId);
      return run?.status === 'succeeded' && run;
    });

    // Assess
    expect(stuck.reason).toMatch(/outcome is unknown/);
    expect(again.attempts).toBe(stuck.attempts + 1);
    expect(replayed.attempts).toBe(stuck.attempts + 2);
    await stack.stores.rules.delete('contact-per-product');
    if (demo) await stack.stores.rules.put(demo);
  });
});

describe('the dead-letter queue of the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({
      WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
      WIXFLOW_RETRY_DELAY_S: '1',
      WIXFLOW_MAX_RECEIVES: '2',
    }));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('holds an event after its last delivery and a redrive brings it back to run', async () => {
    // Prepare: Wix fails every call.
    sandbox.setFaults({ errorRate: 1 });
    const emitted = await sandbox.emit(PRODUCT_CREATED, { webhookUrl: stack.webhookUrl });
    const productId = (emitted.envelope.data as { productId: string }).productId;
    const endpoints = await readRunningEndpoints(stack.dataDir);
    if (!endpoints) throw new Error('expected a running stack');
    const sqs = localSqsClient(endpoints.sqs.endpoint);
    const dlqDepth = async () =>
      Number(
        (
          await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: endpoints.sqs.dlqUrl,
              AttributeNames: ['ApproximateNumberOfMessages'],
            }),
          )
        ).Attributes?.ApproximateNumberOfMessages ?? 0,
      );
    const runOf = () =>
      stack.stores.runs
        .list({ ruleId: DEMO_RULE_ID })
        .then((runs) => runs.find((r) => JSON.stringify(r.steps).includes(productId)));

    // Act: after WIXFLOW_MAX_RECEIVES failed deliveries it is dead-lettered; Wix recovers; redrive.
    await waitFor('the event to reach the DLQ', async () => (await dlqDepth()) === 1, 20_000);
    sandbox.setFaults({});
    const queue = localQueueAdmin(endpoints);
    const moved = await queue.redriveDlq();
    queue.close();

    // Assess
    expect(moved).toBe(1);
    expect(await dlqDepth()).toBe(0);
    const run = await waitFor('the redriven run to succeed', async () => {
      const r = await runOf();
      return r?.status === 'succeeded' && r;
    });
    expect(run.attempts).toBe(3);
    sqs.destroy();
  });
});
