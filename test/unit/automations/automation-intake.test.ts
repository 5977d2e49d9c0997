import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeAutomationsIngest } from '#functions/automations-ingest/compose.ts';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { lambdaContext } from '#local/http-server.ts';
import {
  AUTOMATION_ROUTE_KEY,
  hashAutomationToken,
  newAutomationToken,
  tokenKey,
} from '#shared/automations/automation-tokens.ts';
import { createLogger } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/events';
const TABLE = 'events-table';
const sqsMock = mockClient(SQSClient);
const dynamoMock = mockClient(DynamoDBClient);
const logLines: string[] = [];
const log = createLogger({ write: (line) => logLines.push(line) });
const handler = createIngestHandler(
  composeAutomationsIngest(
    { sqs: new SQSClient({ region: 'us-east-1' }), dynamodb: new DynamoDBClient({ region: 'us-east-1' }) },
    { queueUrl: QUEUE_URL, tokensTable: TABLE },
    { log, metrics: createMetrics(log, { dimensions: { Stage: 'test' } }) },
  ),
);
const token = newAutomationToken();

function intake(pathToken: string, body: string): APIGatewayProxyEventV2 {
  const path = `/webhooks/automations/${pathToken}`;
  return {
    version: '2.0',
    routeKey: AUTOMATION_ROUTE_KEY,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { token: pathToken },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'x',
      domainPrefix: 'x',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '1.1.1.1', userAgent: 'Wix' },
      requestId: 'r',
      routeKey: AUTOMATION_ROUTE_KEY,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}
const invoke = (event: APIGatewayProxyEventV2) =>
  handler(event, lambdaContext()) as Promise<APIGatewayProxyStructuredResultV2>;

describe('automation intake on the ingest function', () => {
  beforeEach(() => {
    sqsMock.reset();
    dynamoMock.reset();
    logLines.length = 0;
    dynamoMock.on(GetItemCommand).resolves({});
    dynamoMock.on(GetItemCommand, { Key: { pk: { S: tokenKey(hashAutomationToken(token)) } } }).resolves({
      Item: {
        connectionId: { S: 'my-site' },
        instanceId: { S: 'inst-1' },
        appId: { S: '13d21c63-b5ec-5912-8397-c3a5ddb27a97' },
        triggerKey: { S: 'wix_bookings-booking_canceled' },
      },
    });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });
  });

  it('queues the body as an automation event of the token’s connection and answers 200', async () => {
    const response = await invoke(intake(token, JSON.stringify({ bookingId: 'b1' })));

    expect(response.statusCode).toBe(200);
    const sent = sqsMock.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.args[0].input.MessageBody ?? '')).toMatchObject({
      eventType: 'automation:wix_bookings-booking_canceled',
      instanceId: 'inst-1',
      connectionId: 'my-site',
      eventIdSource: 'hash',
      data: { bookingId: 'b1' },
    });
    // Looked up by hash, never by the token itself.
    const lookups = JSON.stringify(dynamoMock.commandCalls(GetItemCommand).map((c) => c.args[0].input));
    expect(lookups).not.toContain(token);
  });

  it('answers 401 and queues nothing for an unknown or malformed token', async () => {
    const unknown = await invoke(intake(newAutomationToken(), '{"bookingId":"b1"}'));
    const malformed = await invoke(intake('short', '{"bookingId":"b1"}'));

    expect(unknown.statusCode).toBe(401);
    expect(malformed.statusCode).toBe(401);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('answers 400 and queues nothing for a body that is not a JSON object', async () => {
    for (const body of ['[1,2]', '"text"', 'null', 'not json']) {
      expect((await invoke(intake(token, body))).statusCode).toBe(400);
    }
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('answers 413 and queues nothing for a body over 200 KiB (API Gateway would pass up to 10 MB)', async () => {
    const response = await invoke(intake(token, JSON.stringify({ pad: 'x'.repeat(210 * 1024) })));

    expect(response.statusCode).toBe(413);
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('gives the same event id to the same body in any key order, and another to another body', async () => {
    await invoke(intake(token, '{"a":1,"b":{"c":2,"d":3}}'));
    await invoke(intake(token, '{"b":{"d":3,"c":2},"a":1}'));
    await invoke(intake(token, '{"a":1,"b":{"c":2,"d":4}}'));

    const ids = sqsMock
      .commandCalls(SendMessageCommand)
      .map((c) => (JSON.parse(c.args[0].input.MessageBody ?? '') as { eventId: string }).eventId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('answers 503 when the queue cannot take the event, and logs no token on any path', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));

    const failed = await invoke(intake(token, '{"bookingId":"b1"}'));
    await invoke(intake(`${token.slice(0, 40)}abc`, '{}'));
    log.warn('a message quoting a URL', { error: `POST http://x/webhooks/automations/${token} failed` });

    expect(failed.statusCode).toBe(503);
    expect(logLines.length).toBeGreaterThan(2);
    expect(logLines.join('\n')).not.toContain(token.slice(0, 40));
  });
});
