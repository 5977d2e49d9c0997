import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { composeIngest } from '#functions/ingest/compose.ts';
import { lambdaContext } from '#local/http-server.ts';
import { createLogger } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { createTestKeys, testKeys } from '../../support/webhooks.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/events';
const keys = testKeys();
const sqsMock = mockClient(SQSClient);
const logLines: string[] = [];
// Composed as functions/ingest/handler.ts composes it, on an SQS client whose sends the mock answers.
const handler = createIngestHandler(
  composeIngest(
    { sqs: new SQSClient({ region: 'us-east-1' }) },
    { queueUrl: QUEUE_URL, publicKey: keys.publicKey },
    {
      log: createLogger({ write: (line) => logLines.push(line) }),
      metrics: createMetrics(() => undefined, { dimensions: { Stage: 'test' } }),
    },
  ),
);

function request(method: string, path: string, body?: string, base64 = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'text/plain' },
    body: body === undefined ? undefined : base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '1.1.1.1', userAgent: 'Wix' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

const invoke = (event: APIGatewayProxyEventV2) =>
  handler(event, lambdaContext()) as Promise<APIGatewayProxyStructuredResultV2>;
const webhook = (privateKey = keys.privateKey) =>
  signWixWebhook(
    {
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'inst-1',
      data: { productId: 'p1' },
    },
    privateKey,
  );

describe('ingest handler', () => {
  beforeEach(() => {
    sqsMock.reset();
    logLines.length = 0;
  });

  it('queues a verified webhook and answers 200 once the send succeeded', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });

    const response = await invoke(request('POST', '/webhooks/wix', webhook()));

    expect(response.statusCode).toBe(200);
    const sent = sqsMock.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(sent[0]?.args[0].input.MessageBody ?? '')).toMatchObject({
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'inst-1',
      data: { productId: 'p1' },
      generation: 'legacy',
    });
  });

  it('reads a base64-encoded body as API Gateway may deliver it', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });

    const response = await invoke(request('POST', '/webhooks/wix', webhook(), true));

    expect(response.statusCode).toBe(200);
  });

  // docs/wix-assumptions.md: Wix documents no Content-Type for webhooks, so none is looked at.
  it.each([['application/json'], ['application/jwt'], [undefined]])(
    'verifies and queues the body whatever the Content-Type (%s)',
    async (contentType) => {
      sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });
      const event = request('POST', '/webhooks/wix', webhook());
      event.headers = contentType === undefined ? {} : { 'content-type': contentType };

      const response = await invoke(event);

      expect(response.statusCode).toBe(200);
      expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(1);
    },
  );

  it('answers 401 and queues nothing when the signature is from another key', async () => {
    const response = await invoke(request('POST', '/webhooks/wix', webhook(createTestKeys().privateKey)));

    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('signature');
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('answers 400 and queues nothing for a signed body that is not a Wix webhook', async () => {
    const { signJwt } = await import('#shared/wix/webhook/sign.ts');
    const body = signJwt({ alg: 'RS256' }, { hello: 'world' }, keys.privateKey);

    const response = await invoke(request('POST', '/webhooks/wix', body));

    expect(response.statusCode).toBe(400);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('answers 503 so that Wix retries when SQS cannot take the event', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));

    const response = await invoke(request('POST', '/webhooks/wix', webhook()));

    expect(response.statusCode).toBe(503);
    expect(logLines.some((l) => l.includes('could not queue'))).toBe(true);
  });

  it('answers GET /health with 200 and unknown routes with 404', async () => {
    expect((await invoke(request('GET', '/health'))).statusCode).toBe(200);
    expect((await invoke(request('GET', '/admin'))).statusCode).toBe(404);
    expect((await invoke(request('GET', '/webhooks/wix'))).statusCode).toBe(405);
  });
});
