import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { loadAutomationIntakeConfig } from '#shared/automations/intake-config.ts';
import { createLogger, writeStdoutLine } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';
import { composeAutomationsIngest } from './compose.ts';

// A function of its own (docs/decisions/013): the token lookup needs DynamoDB, which the Wix webhook ingest
// leaves out of its bundle for its cold start, and only this function may read token items. The plain client,
// not shared/store/dynamo-client.ts: that module brings the document client into the bundle.
const config = loadAutomationIntakeConfig();
const log = createLogger({
  level: config.logLevel,
  base: { service: 'wixflow-automations-ingest', stage: config.stage },
});

export const handler = createIngestHandler(
  composeAutomationsIngest({ sqs: createSqsClient(), dynamodb: new DynamoDBClient({}) }, config, {
    log,
    // Straight to stdout, not through `log`: LOG_LEVEL must never silence the metrics the alarms read.
    metrics: createMetrics(writeStdoutLine, { dimensions: { Stage: config.stage } }),
  }),
);
