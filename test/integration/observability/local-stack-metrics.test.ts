import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RULE_ID } from '#local/demo.ts';
import { type LocalStack, startLocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { METRIC } from '#shared/observability/metrics.ts';
import { waitFor } from '../../support/wait.ts';

type Line = Record<string, unknown>;

/**
 * The local stack runs the same handlers as Lambda; its JSON log file holds what CloudWatch Logs would:
 * the EMF metric documents and the correlated log lines.
 */
describe('metrics and correlation ids through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let dataDir: string;

  const lines = (): Line[] =>
    readFileSync(join(dataDir, 'wixflow.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const metricTotal = (name: string, dimensions: Record<string, string> = {}) =>
    lines()
      .filter((l) => l._aws !== undefined && Object.entries(dimensions).every(([k, v]) => l[k] === v))
      .reduce((sum, l) => sum + (typeof l[name] === 'number' ? (l[name] as number) : 0), 0);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wf-metrics-'));
    stack = await startLocalStack(
      loadLocalConfig({
        PORT: '0',
        LOG_LEVEL: 'info',
        WIXFLOW_DATA_DIR: dataDir,
        WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG',
      }),
    );
    if (!stack.sandbox) throw new Error('expected sandbox mode');
    sandbox = stack.sandbox;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the webhook, the event, the run and its Wix calls, and ties their log lines together', async () => {
    const emitted = await sandbox.emit('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      webhookUrl: stack.webhookUrl,
    });
    expect(emitted.status).toBe(200);
    const eventId = (JSON.parse(emitted.body) as { accepted: string }).accepted;

    await waitFor('the event to be counted as done', async () =>
      metricTotal(METRIC.eventsProcessed, { Outcome: 'done' }) >= 1 ? true : undefined,
    );

    expect(metricTotal(METRIC.eventsAccepted, { Stage: 'local' })).toBe(1);
    expect(metricTotal(METRIC.runs, { Stage: 'local', Status: 'succeeded' })).toBe(1);
    expect(metricTotal(METRIC.wixCalls, { Stage: 'local', StatusClass: '2xx' })).toBeGreaterThanOrEqual(1);
    const accepted = lines().find((l) => l.message === 'webhook accepted' && l.eventId === eventId);
    expect(accepted).toMatchObject({ requestId: expect.any(String), awsRequestId: expect.any(String) });
    const run = lines().find((l) => l.message === 'run succeeded' && l.eventId === eventId);
    expect(run).toMatchObject({
      ruleId: DEMO_RULE_ID,
      runId: expect.stringMatching(/^run_/),
      instanceId: sandbox.instanceId,
      messageId: expect.any(String),
      awsRequestId: expect.any(String),
    });
  });

  it('counts a re-sent webhook as a duplicate, and a forged one as rejected with 401', async () => {
    const envelope = {
      eventType: 'wix.contacts.v4.contact_deleted',
      instanceId: sandbox.instanceId,
      data: {},
    };
    const body = sandbox.signWebhook(envelope);
    const post = (text: string) => fetch(stack.webhookUrl, { method: 'POST', body: text });

    expect((await post(body)).status).toBe(200);
    await waitFor('the first delivery to finish', async () =>
      metricTotal(METRIC.eventsProcessed, { Outcome: 'done' }) +
        metricTotal(METRIC.eventsProcessed, { Outcome: 'ignored' }) >=
      2
        ? true
        : undefined,
    );
    expect((await post(body)).status).toBe(200);
    expect((await post(`${body.slice(0, -4)}AAAA`)).status).toBe(401);

    await waitFor('the re-send to be counted as a duplicate', async () =>
      metricTotal(METRIC.eventsProcessed, { Outcome: 'duplicate' }) >= 1 ? true : undefined,
    );
    expect(metricTotal(METRIC.eventsRejected, { Status: '401' })).toBe(1);
  });
});
