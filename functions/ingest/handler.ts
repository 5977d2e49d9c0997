import { loadIngestConfig } from '#shared/ingest/ingest-config.ts';
import { createLogger, writeStdoutLine } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';
import { createIngestHandler } from './app.ts';
import { composeIngest } from './compose.ts';

const config = loadIngestConfig();
const log = createLogger({
  level: config.logLevel,
  base: { service: 'wixflow-ingest', stage: config.stage },
});

export const handler = createIngestHandler(
  composeIngest({ sqs: createSqsClient() }, config, {
    log,
    // Straight to stdout, not through `log`: LOG_LEVEL must never silence the metrics the alarms read.
    metrics: createMetrics(writeStdoutLine, { dimensions: { Stage: config.stage } }),
  }),
);
