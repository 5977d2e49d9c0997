import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULE_ID } from '#local/demo.ts';
import { localSqsClient } from '#local/emulators.ts';
import { readRunningEndpoints } from '#local/endpoints.ts';
import { type LocalStack, startLocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { METRIC } from '#shared/observability/metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import { storedEvent } from '#shared/replay/replay-events.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import type { Run } from '#shared/store/runs.ts';
import { tempDir } from '../../support/temp.ts';
import { waitFor } from '../../support/wait.ts';

const PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
const ALERT_RULE = 'alert-to-chat';

interface Posted {
  text: string;
  trigger: string;
  runId: string;
  eventId: string;
  console: string;
}

describe('failure alerts as ordinary rules, through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let dataDir: string;
  let chat: Server;
  let chatUrl: string;
  const posted: Posted[] = [];
  /** What the chat service answers; 400 makes the alert rule itself fail. */
  let chatAnswer = 200;

  const put = async (value: Record<string, unknown>) => {
    const [rule] = validateRuleSet([{ source: 'test', value }]);
    if (!rule) throw new Error('the rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));
  };
  /** A rule on products.created with one wix.apiCall step. */
  const watchedRule = (id: string, input: Record<string, unknown>, retry?: Record<string, unknown>) =>
    put({
      id,
      connection: '*',
      trigger: 'products.created',
      actions: [{ id: 'call', module: 'wix.apiCall', input, ...(retry ? { retry } : {}) }],
    });
  const emitProduct = async () => {
    const emitted = await sandbox.emit(PRODUCT_CREATED, { webhookUrl: stack.webhookUrl });
    expect(emitted.status).toBe(200);
    return JSON.parse(emitted.body).accepted as string;
  };
  const runOf = (ruleId: string, eventId: string, status: Run['status']) =>
    waitFor(`a ${status} run of ${ruleId}`, async () =>
      (await stack.stores.runs.list({ ruleId })).find((r) => r.eventId === eventId && r.status === status),
    );
  /** The run of the alert rule for the alert about `runId`. */
  const alertRunAbout = (runId: string, status: Run['status']) =>
    waitFor(`the alert rule's ${status} run about ${runId}`, async () => {
      for (const run of await stack.stores.runs.list({ ruleId: ALERT_RULE })) {
        const record = await stack.stores.events.get(run.eventId);
        const event = record && storedEvent(record);
        if (run.status === status && (event?.data as { runId?: string } | undefined)?.runId === runId)
          return run;
      }
      return undefined;
    });
  const metricTotal = (name: string, dimensions: Record<string, string>) =>
    readFileSync(join(dataDir, 'wixflow.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l._aws !== undefined && Object.entries(dimensions).every(([k, v]) => l[k] === v))
      .reduce((sum, l) => sum + (typeof l[name] === 'number' ? (l[name] as number) : 0), 0);

  beforeAll(async () => {
    chat = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        posted.push(JSON.parse(body) as Posted);
        res.writeHead(chatAnswer, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
    chatUrl = `http://127.0.0.1:${(chat.address() as AddressInfo).port}/hooks/T000/B000`;
    dataDir = tempDir('wf-alerts-');
    stack = await startLocalStack(
      loadLocalConfig({
        PORT: '0',
        LOG_LEVEL: 'info',
        WIXFLOW_DATA_DIR: dataDir,
        WIXFLOW_RETRY_DELAY_S: '1',
        WIXFLOW_MAX_RECEIVES: '3',
        // The rules below call Catalog V1 routes.
        WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
      }),
    );
    if (!stack.sandbox) throw new Error('expected sandbox mode');
    sandbox = stack.sandbox;
    const demo = await stack.stores.rules.get(DEMO_RULE_ID);
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
    // The alert rule, as a user writes it: post the failure to a chat webhook (Slack's shape).
    await put({
      id: ALERT_RULE,
      connection: '*',
      trigger: ['wixflow.run.failed', 'wixflow.run.needsAttention'],
      actions: [
        {
          id: 'post',
          module: 'http.request',
          input: {
            url: chatUrl,
            method: 'POST',
            body: {
              text: 'Rule {{ trigger.entity.ruleId }} {{ trigger.entity.status }}: {{ trigger.entity.failedStep.error.message }} — {{ trigger.entity.inspect.cli }}',
              trigger: '{{ trigger.event.type }}',
              runId: '{{ trigger.entityId }}',
              eventId: '{{ trigger.entity.event.id }}',
              console: '{{ trigger.entity.inspect.console }}',
            },
          },
        },
      ],
    });
    // A first event mints the site's token, so the failures below are the steps' own.
    await watchedRule('warm-up', { url: '/stores/v1/products/{{ trigger.entityId }}' });
    const warm = await emitProduct();
    await runOf('warm-up', warm, 'succeeded');
    await stack.stores.rules.delete('warm-up');
  });
  afterEach(() => {
    sandbox.setFaults({});
    chatAnswer = 200;
  });
  afterAll(async () => {
    await stack?.stop();
    chat?.close();
  });

  it('posts to the outside URL when another rule’s run fails, once however often the alert is queued', async () => {
    // Prepare: a rule whose one delivery fails (Wix answers 500 and it allows one attempt).
    await watchedRule(
      'reads-product',
      { url: '/stores/v1/products/{{ trigger.entityId }}' },
      { maxAttempts: 1 },
    );
    sandbox.setFaults({ errorRate: 1 });

    // Act
    const eventId = await emitProduct();
    const failed = await runOf('reads-product', eventId, 'failed');
    const alertRun = await alertRunAbout(failed.runId, 'succeeded');
    // The same alert queued again (as after a crash between the run's end and its event's): one post still.
    const endpoints = await readRunningEndpoints(stack.dataDir);
    const record = await stack.stores.events.get(alertRun.eventId);
    const alert = record && storedEvent(record);
    if (!endpoints || !alert) throw new Error('expected a running stack and the alert event');
    const sqs = localSqsClient(endpoints.sqs.endpoint);
    await new SqsEventQueue(sqs, endpoints.sqs.queueUrl).send(alert);
    sqs.destroy();
    await waitFor('the second copy to count as a duplicate', async () => {
      const r = await stack.stores.events.get(alertRun.eventId);
      return (r?.duplicates ?? 0) >= 1 && r;
    });

    // Assess
    const about = posted.filter((p) => p.runId === failed.runId);
    expect(about).toEqual([
      {
        text: expect.stringMatching(
          new RegExp(
            `^Rule reads-product failed: rule reads-product: step call: Wix answered 500 .* — wixflow runs show ${failed.runId}$`,
          ),
        ),
        trigger: 'wixflow.run_failed',
        runId: failed.runId,
        eventId,
        console: `/runs/${failed.runId}`,
      },
    ]);
    expect(alert).toMatchObject({ eventType: 'wixflow.run_failed', eventIdSource: 'wixflow' });
    expect(alert.data).toMatchObject({
      runId: failed.runId,
      ruleId: 'reads-product',
      status: 'failed',
      event: { id: eventId, type: PRODUCT_CREATED },
      failedStep: { id: 'call', status: 'failed', error: { status: 500 } },
      inspect: { cli: `wixflow runs show ${failed.runId}`, console: `/runs/${failed.runId}` },
    });
    await stack.stores.rules.delete('reads-product');
  });

  it('alerts on a run that stops as needs-attention with wixflow.run.needsAttention', async () => {
    await watchedRule('creates-contact', {
      url: '/contacts/v4/contacts',
      method: 'POST',
      body: { info: { name: { first: '{{ trigger.entityId }}' } } },
    });
    sandbox.setFaults({ errorRate: 1 });

    const eventId = await emitProduct();
    const stuck = await runOf('creates-contact', eventId, 'needs-attention');
    await alertRunAbout(stuck.runId, 'succeeded');

    expect(posted.filter((p) => p.runId === stuck.runId)).toEqual([
      expect.objectContaining({ trigger: 'wixflow.run_needs_attention', eventId }),
    ]);
    await stack.stores.rules.delete('creates-contact');
  });

  it('does not loop when the alert rule fails itself: that failure only logs and counts', async () => {
    // Prepare: the watched rule fails, and so does the alert rule (the chat service refuses the post).
    await watchedRule(
      'reads-product',
      { url: '/stores/v1/products/{{ trigger.entityId }}' },
      { maxAttempts: 1 },
    );
    sandbox.setFaults({ errorRate: 1 });
    chatAnswer = 400;
    const queuedBefore = metricTotal(METRIC.runAlerts, { Outcome: 'queued' });

    // Act
    const eventId = await emitProduct();
    const failed = await runOf('reads-product', eventId, 'failed');
    const alertRun = await alertRunAbout(failed.runId, 'failed');
    await waitFor('the suppressed alert to be counted', () =>
      metricTotal(METRIC.runAlerts, { Outcome: 'suppressed' }) >= 1 ? true : undefined,
    );

    // Assess: one alert queued (about the watched rule), none about the alert rule's own failure.
    expect(metricTotal(METRIC.runAlerts, { Outcome: 'queued' })).toBe(queuedBefore + 1);
    expect(metricTotal(METRIC.runAlerts, { Outcome: 'suppressed' })).toBe(1);
    expect(posted.filter((p) => p.runId === alertRun.runId)).toEqual([]);
    expect(posted.filter((p) => p.runId === failed.runId)).toHaveLength(1);
    const logged = readFileSync(join(dataDir, 'wixflow.log'), 'utf8');
    expect(logged).toContain('an alert rule run ended badly; no alert is raised for it');
    await stack.stores.rules.delete('reads-product');
  });
});
