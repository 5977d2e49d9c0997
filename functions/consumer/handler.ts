import { loadConsumerConfig } from '#shared/config.ts';
import { createLogger, writeStdoutLine } from '#shared/log.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';
import { secretsManagerClient } from '#shared/secrets/secrets-manager-client.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { createOutsideHttp } from '#shared/wix/modules/outside-http.ts';
import { createConsumerHandler } from './app.ts';
import { composeConsumer } from './compose.ts';

const config = loadConsumerConfig();
const log = createLogger({
  level: config.logLevel,
  base: { service: 'wixflow-consumer', stage: config.stage },
});
const secretsManager = secretsManagerClient(config.secretsKmsKeyArn);

export const handler = createConsumerHandler(
  composeConsumer(
    {
      db: createDocumentClient(),
      sqs: createSqsClient(),
      secrets: new SecretsManagerStore(secretsManager),
      freshSecrets: new SecretsManagerStore(secretsManager, 0),
      // On Lambda, 127.0.0.1 is the Lambda Runtime API: rules may not call loopback.
      http: createOutsideHttp({ allowLoopback: false }),
    },
    config,
    // Metrics straight to stdout, not through `log`: LOG_LEVEL must never silence what the alarms read.
    { log, metrics: createMetrics(writeStdoutLine, { dimensions: { Stage: config.stage } }) },
  ),
);
