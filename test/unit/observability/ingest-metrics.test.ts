import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { lambdaContext } from '#local/http-server.ts';
import { createLogger } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { MAX_WEBHOOK_BYTES } from '#shared/wix/webhook/verify.ts';
import { createTestKeys, testKeys } from '../../support/webhooks.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/events';
const keys = testKeys();
const sqsMock = mockClient(SQSClient);
const logLines: string[] = [];
const metricLines: string[] = [];
const handler = createIngestHandler({
  publicKey: keys.publicKey,
  queue: new SqsEventQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL),
  log: createLogger({ write: (line) => logLines.push(line) }),
  metrics: createMetrics((line) => metricLines.push(line), { dimensions: { Stage: 'prod' } }),
});

function post(body: string, base64 = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/wix',
    rawPath: '/webhooks/wix',
    rawQueryString: '',
    headers: { 'content-type': 'text/plain' },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'x',
      domainPrefix: 'x',
      http: {
        method: 'POST',
        path: '/webhooks/wix',
        protocol: 'HTTP/1.1',
        sourceIp: '1.1.1.1',
        userAgent: 'Wix',
      },
      requestId: 'apigw-req-1',
      routeKey: 'POST /webhooks/wix',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

const invoke = (event: APIGatewayProxyEventV2) =>
  handler(event, {
    ...lambdaContext(),
    awsRequestId: 'lambda-req-1',
  }) as Promise<APIGatewayProxyStructuredResultV2>;
const webhook = (privateKey = keys.privateKey) =>
  signWixWebhook(
    { eventType: 'wix.contacts.v4.contact_created', instanceId: 'inst-1', data: { id: 'c1' } },
    privateKey,
  );
const metrics = () => metricLines.map((l) => JSON.parse(l) as Record<string, unknown>);
const logs = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('ingest metrics and correlation ids', () => {
  beforeEach(() => {
    sqsMock.reset();
    logLines.length = 0;
    metricLines.length = 0;
  });

  it('counts an accepted event once the queue took it, and logs it with the request ids and the event id', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });

    const response = await invoke(post(webhook()));

    expect(response.statusCode).toBe(200);
    expect(metrics()).toEqual([expect.objectContaining({ Stage: 'prod', EventsAccepted: 1 })]);
    expect(logs()).toEqual([
      expect.objectContaining({
        message: 'webhook accepted',
        requestId: 'apigw-req-1',
        awsRequestId: 'lambda-req-1',
        eventId: expect.any(String),
        instanceId: 'inst-1',
      }),
    ]);
  });

  it.each([
    ['a signature from another key', () => post(webhook(createTestKeys().privateKey)), 401],
    ['a body that is not a JWT', () => post('hello'), 401],
    ['a body over the size limit', () => post('x'.repeat(MAX_WEBHOOK_BYTES + 1)), 413],
  ])('counts %s as rejected with its status, and queues nothing', async (_name, event, status) => {
    const response = await invoke(event());

    expect(response.statusCode).toBe(status);
    expect(metrics()).toEqual([
      expect.objectContaining({ Stage: 'prod', Status: String(status), EventsRejected: 1 }),
    ]);
    expect(logs()).toContainEqual(
      expect.objectContaining({
        message: 'webhook rejected',
        status,
        requestId: 'apigw-req-1',
        awsRequestId: 'lambda-req-1',
      }),
    );
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('refuses an oversized base64 body with 413 before decoding it', async () => {
    const event = post('x'.repeat(MAX_WEBHOOK_BYTES + 16), true);
    const from = vi.spyOn(Buffer, 'from');

    const response = await invoke(event);
    const decoded = from.mock.calls.filter((args: unknown[]) => args[1] === 'base64');
    from.mockRestore();

    expect(response.statusCode).toBe(413);
    expect(decoded).toEqual([]);
    expect(metrics()).toEqual([expect.objectContaining({ Status: '413', EventsRejected: 1 })]);
  });

  it('counts a 503 when SQS cannot take the event, so the 5xx alarm and the dashboard agree', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));

    const response = await invoke(post(webhook()));

    expect(response.statusCode).toBe(503);
    expect(metrics()).toEqual([expect.objectContaining({ Status: '503', EventsRejected: 1 })]);
    expect(logs()).toContainEqual(expect.objectContaining({ level: 'ERROR', awsRequestId: 'lambda-req-1' }));
  });

  it('counts nothing for a health check', async () => {
    const health = post('');
    health.rawPath = '/health';
    health.requestContext.http.method = 'GET';

    expect((await invoke(health)).statusCode).toBe(200);
    expect(metricLines).toEqual([]);
  });
});
