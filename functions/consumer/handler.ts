import { secretsKmsKeyArn, secretsManagerClient } from '#functions/secrets-manager-client.ts';
import { loadConsumerConfig } from '#shared/config.ts';
import { createLogger, writeStdoutLine } from '#shared/log.ts';
import { loadObservabilityConfig } from '#shared/observability/config.ts';
import { createMetrics } from '#shared/observability/metrics.ts';
import { meteredRateLimiter, meteredSleep } from '#shared/observability/rate-limit-metrics.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';
import { ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { DynamoEventStore } from '#shared/store/events.ts';
import { DynamoRuleStore } from '#shared/store/rules.ts';
import { DynamoRunStore } from '#shared/store/runs.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { DynamoRateLimiter } from '#shared/wix/client/rate-limiter.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import { createOutsideHttp } from '#shared/wix/modules/outside-http.ts';
import { createConsumerHandler } from './app.ts';

const config = loadConsumerConfig();
const { stage } = loadObservabilityConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-consumer', stage } });
// Straight to stdout, not through `log`: LOG_LEVEL must never silence the metrics the alarms read.
const metrics = createMetrics(writeStdoutLine, { dimensions: { Stage: stage } });
const db = createDocumentClient();
const secretsManager = secretsManagerClient(secretsKmsKeyArn());
const secrets = new SecretsManagerStore(secretsManager);
// Refresh tokens are read uncached: another Lambda may have rotated one a moment ago.
const freshSecrets = new SecretsManagerStore(secretsManager, 0);
const connections = new DynamoConnectionStore(db, config.tables.connections);
const app = appCredentials(config.appId, config.appSecretId, secrets);
const sqs = createSqsClient();
const limiter = meteredRateLimiter(
  new DynamoRateLimiter(db, config.tables.events, {
    perMinute: config.rateLimitPerMinute,
    sleep: meteredSleep(metrics),
  }),
  metrics,
);

export const handler = createConsumerHandler({
  connections,
  ruleStore: new DynamoRuleStore(db, config.tables.rules),
  runs: new DynamoRunStore(db, config.tables.runs),
  events: new DynamoEventStore(db, config.tables, { retentionDays: config.eventRetentionDays }),
  catalogVersions: new CatalogVersions(),
  wixFor: (connection, onCall) =>
    wixClientFor(connection, {
      baseUrl: config.wixApiBaseUrl,
      app,
      secrets,
      freshSecrets,
      connections,
      log,
      onCall,
      // Every attempt takes a slot of the site's budget, shared by every consumer.
      beforeSend: () => limiter.acquire(connection.instanceId),
    }),
  // `{{ secrets.NAME }}` in rules: read through the cached store (a warm container asks once per 5 min).
  ruleSecret: (name) => secrets.get(ruleSecretId(config.secretsPrefix, name)),
  // http.request may not call loopback here: on Lambda, 127.0.0.1 is the Lambda Runtime API.
  http: createOutsideHttp({ allowLoopback: false }),
  backoff: { sqs, queueUrl: config.queueUrl, baseDelayS: config.retryDelaySeconds },
  appConfigured: app !== undefined && config.appSecretId !== undefined,
  log,
  metrics,
  leaseMs: 2 * 60_000,
  // Run records are kept as long as the event log keeps their events (DynamoDB TTL on expiresAt).
  retentionDays: config.eventRetentionDays,
});
