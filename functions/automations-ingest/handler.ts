import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { DynamoTokenLookup } from '#shared/automations/dynamo-token-lookup.ts';
import { loadAutomationIntakeConfig } from '#shared/automations/intake-config.ts';
import { createLogger, writeStdoutLine } from '#shared/log.ts';
import { loadObservabilityConfig } from '#shared/observability/config.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';

// A function of its own (docs/decisions/012): the token lookup needs DynamoDB, which the Wix webhook ingest
// leaves out of its bundle for its cold start, and only this function may read token items.
const config = loadAutomationIntakeConfig();
const { stage } = loadObservabilityConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-automations-ingest', stage } });

export const handler = createIngestHandler({
  queue: new SqsEventQueue(createSqsClient(), config.queueUrl),
  automationTokens: new DynamoTokenLookup(new DynamoDBClient({}), config.tokensTable),
  log,
  metrics: createMetrics(writeStdoutLine, { dimensions: { Stage: stage } }),
});
