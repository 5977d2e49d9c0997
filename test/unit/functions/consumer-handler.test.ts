import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsumerHandler } from '#functions/consumer/app.ts';
import { composeConsumer } from '#functions/consumer/compose.ts';
import { lambdaContext } from '#local/http-server.ts';
import { MalformedRecordError, processRecord } from '#shared/consumer/process-record.ts';
import { createLogger } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { createOutsideHttp } from '#shared/wix/modules/outside-http.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';

const REGION = { region: 'us-east-1' };
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/events';
const TABLES = { connections: 'connections', rules: 'rules', runs: 'runs', events: 'events' };
const CONNECTION = {
  id: 'shop',
  instanceId: 'inst-1',
  auth: { kind: 'oauth' },
  status: 'active',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const dbMock = mockClient(DynamoDBDocumentClient);
const sqsMock = mockClient(SQSClient);
mockClient(SecretsManagerClient);
const logLines: Record<string, unknown>[] = [];
const metricLines: Record<string, unknown>[] = [];

/** The consumer's deps exactly as functions/consumer/handler.ts composes them, on SDK clients the mocks answer. */
const deps = composeConsumer(
  {
    db: createDocumentClient(REGION),
    sqs: new SQSClient(REGION),
    secrets: new SecretsManagerStore(new SecretsManagerClient(REGION)),
    freshSecrets: new SecretsManagerStore(new SecretsManagerClient(REGION), 0),
    http: createOutsideHttp(),
  },
  {
    tables: TABLES,
    queueUrl: QUEUE_URL,
    wixApiBaseUrl: 'https://www.wixapis.com',
    appId: undefined,
    appSecretId: undefined,
    secretsPrefix: 'wixflow/test/',
    rateLimitPerMinute: 200,
    retryDelaySeconds: 30,
    eventRetentionDays: 30,
    reconcileIntervalMs: undefined,
  },
  {
    log: createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) }),
    metrics: createMetrics((line) => metricLines.push(JSON.parse(line)), { dimensions: { Stage: 'test' } }),
  },
);
const handler = createConsumerHandler(deps);

/** An SQS record holding the queued form of a Wix ProductCreated event (or `body` as given). */
function record(messageId: string, body: string | { productId: string }, receiveCount = 1): SQSRecord {
  const text =
    typeof body === 'string'
      ? body
      : JSON.stringify(
          eventFromEnvelope({
            eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
            instanceId: CONNECTION.instanceId,
            data: JSON.stringify(body),
          }),
        );
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:events',
    awsRegion: 'us-east-1',
  };
}

const invoke = (...records: SQSRecord[]) =>
  handler(
    { Records: records } satisfies SQSEvent,
    lambdaContext('wixflow-consumer'),
  ) as Promise<SQSBatchResponse>;
const outcomes = () =>
  metricLines.flatMap((l) =>
    typeof l.EventsProcessed === 'number' ? [`${String(l.Outcome)}:${l.EventsProcessed}`] : [],
  );
/** The statuses events were finished with: in the claim's PutItem (folded writes) or a later UpdateItem. */
const finishedStatuses = () => [
  ...dbMock
    .commandCalls(PutCommand, { TableName: TABLES.events })
    .map((c) => c.args[0].input.Item?.status)
    .filter((s) => s !== undefined && s !== 'received'),
  ...dbMock
    .commandCalls(UpdateCommand, { TableName: TABLES.events })
    .map((c) => c.args[0].input.ExpressionAttributeValues?.[':status'])
    .filter((s) => s !== undefined),
];

describe('consumer handler', () => {
  beforeEach(() => {
    dbMock.reset();
    sqsMock.reset();
    logLines.length = 0;
    metricLines.length = 0;
    // Writes succeed; the site has one active connection and no rules.
    dbMock.onAnyCommand().resolves({});
    dbMock.on(QueryCommand, { TableName: TABLES.connections }).resolves({ Items: [CONNECTION] });
    dbMock.on(ScanCommand, { TableName: TABLES.rules }).resolves({ Items: [] });
    sqsMock.onAnyCommand().resolves({});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports malformed records as batch item failures and still acts on the rest of the batch', async () => {
    // Act
    const response = await invoke(
      record('not-json', 'this is not JSON'),
      record('not-an-event', JSON.stringify({ hello: 'world' })),
      record('good', { productId: 'p1' }),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'not-json' },
      { itemIdentifier: 'not-an-event' },
    ]);
    expect(finishedStatuses()).toEqual(['done']);
    expect(outcomes().sort()).toEqual(['done:1', 'malformed:2']);
    // A malformed message cannot succeed later: it is not held back, it runs out its receives into the DLQ.
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('loads the rules once per batch, and again for the next batch', async () => {
    // Act
    const first = await invoke(
      record('a', { productId: 'p1' }),
      record('b', { productId: 'p2' }),
      record('c', { productId: 'p3' }),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(dbMock.commandCalls(ScanCommand, { TableName: TABLES.rules })).toHaveLength(1);
    expect(dbMock.commandCalls(PutCommand, { TableName: TABLES.events }).length).toBeGreaterThanOrEqual(3);

    // Act: a rule applied between two batches is seen by the next one.
    await invoke(record('d', { productId: 'p4' }));

    // Assess
    expect(dbMock.commandCalls(ScanCommand, { TableName: TABLES.rules })).toHaveLength(2);
  });

  it('holds a failed event back by its computed retry delay with ChangeMessageVisibility', async () => {
    // Prepare: the connections table throttles; the third delivery waits base × 2² (jitter at its midpoint).
    dbMock
      .on(QueryCommand, { TableName: TABLES.connections })
      .rejects(
        Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { retryable: true }),
      );
    vi.spyOn(Math, 'random').mockReturnValue(0.5);

    // Act
    const response = await invoke(record('m1', { productId: 'p1' }, 3));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const held = sqsMock.commandCalls(ChangeMessageVisibilityCommand);
    expect(held).toHaveLength(1);
    expect(held[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'receipt-m1',
      VisibilityTimeout: 30 * 2 ** 2,
    });
    expect(outcomes()).toEqual(['retried:1']);
    expect(finishedStatuses()).toEqual([]);
  });

  it('holds an event another attempt has leased back until the lease runs out, for the takeover', async () => {
    // Prepare: the claim finds the event leased for 90 s more by an attempt that may have died with it.
    const message = record('m1', { productId: 'p1' }, 2);
    const { eventId } = JSON.parse(message.body) as { eventId: string };
    dbMock
      .on(PutCommand, { TableName: TABLES.events })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const leased = {
      pk: `event#${eventId}`,
      eventId,
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: CONNECTION.instanceId,
      generation: 'legacy',
      time: '2026-12-04T00:00:00.000Z',
      receivedAt: '2026-12-04T00:00:00.000Z',
      status: 'received',
      triggers: ['products.created'],
      runIds: [],
      attempts: 1,
      leaseUntil: Date.now() + 89_500,
      expiresAt: Math.floor(Date.now() / 1000) + 86_400,
    };
    dbMock.on(GetCommand, { TableName: TABLES.events }).resolves({ Item: leased });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);

    // Act
    const response = await invoke(message);

    // Assess: not the second delivery's backoff (30 × 2¹ = 60 s), but the lease's 90 s.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const held = sqsMock.commandCalls(ChangeMessageVisibilityCommand);
    expect(held.map((c) => c.args[0].input.VisibilityTimeout)).toEqual([90]);
  });

  it('still reports the failure when the retry delay cannot be set', async () => {
    // Prepare
    dbMock.on(QueryCommand, { TableName: TABLES.connections }).rejects(new Error('throttled'));
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(new Error('ReceiptHandleIsInvalid'));

    // Act
    const response = await invoke(record('m1', { productId: 'p1' }, 1));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(logLines.some((l) => l.message === 'could not set the retry delay')).toBe(true);
  });
});

describe('processRecord', () => {
  beforeEach(() => {
    dbMock.reset();
    sqsMock.reset();
    dbMock.onAnyCommand().resolves({});
    dbMock.on(QueryCommand, { TableName: TABLES.connections }).resolves({ Items: [] });
  });
  const recordDeps = () => ({ ...deps, rules: () => deps.ruleStore.list() });

  it('throws MalformedRecordError for a message that is not a wixflow event, touching no table', async () => {
    await expect(processRecord(record('m1', '{"eventId":""}'), recordDeps())).rejects.toBeInstanceOf(
      MalformedRecordError,
    );
    expect(dbMock.calls()).toHaveLength(0);
  });

  it('resolves with the event outcome: ignored when the site has no active connection', async () => {
    await expect(processRecord(record('m1', { productId: 'p1' }), recordDeps())).resolves.toBe('ignored');
    expect(finishedStatuses()).toEqual(['ignored']);
  });

  it("runs one sweep for the schedule's reconcile message and reports it done, even when the sweep fails", async () => {
    let sweeps = 0;
    const sweep = async () => {
      sweeps += 1;
      if (sweeps === 2) throw new Error('Wix is down');
    };
    const tick = record('tick', JSON.stringify({ reconcileSweep: {} }));
    await expect(processRecord(tick, { ...recordDeps(), sweep })).resolves.toBe('done');
    await expect(processRecord(tick, { ...recordDeps(), sweep })).resolves.toBe('done');
    expect(sweeps).toBe(2);
    expect(dbMock.calls()).toHaveLength(0);
  });

  it('drops the reconcile message when reconciliation is off', async () => {
    const tick = record('tick', JSON.stringify({ reconcileSweep: {} }));
    await expect(processRecord(tick, recordDeps())).resolves.toBe('done');
    expect(dbMock.calls()).toHaveLength(0);
  });

  it('treats a back-fill job that is not well formed as a malformed record', async () => {
    const job = record('job', JSON.stringify({ backfillJob: { jobId: 'j1' } }));
    await expect(processRecord(job, recordDeps())).rejects.toBeInstanceOf(MalformedRecordError);
  });
});
