import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConsumerConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { DynamoEventStore } from '#shared/store/events.ts';
import { DynamoRuleStore } from '#shared/store/rules.ts';
import { DynamoRunStore } from '#shared/store/runs.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { createConsumerHandler } from './app.ts';

const config = loadConsumerConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-consumer' } });
const db = createDocumentClient();
const secrets = new SecretsManagerStore(new SecretsManagerClient({}));
const app = appCredentials(config.appId, config.appSecretId, secrets);

export const handler = createConsumerHandler({
  connections: new DynamoConnectionStore(db, config.tables.connections),
  ruleStore: new DynamoRuleStore(db, config.tables.rules),
  runs: new DynamoRunStore(db, config.tables.runs),
  events: new DynamoEventStore(db, config.tables.events),
  wixFor: (connection, onCall) =>
    wixClientFor(connection, { baseUrl: config.wixApiBaseUrl, app, secrets, onCall }),
  appConfigured: app !== undefined && config.appSecretId !== undefined,
  log,
  leaseMs: 2 * 60_000,
});
