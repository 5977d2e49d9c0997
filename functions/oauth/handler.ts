import { secretsKmsKeyArn, secretsManagerClient } from '#functions/secrets-manager-client.ts';
import { loadOAuthConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { loadObservabilityConfig } from '#shared/observability/config.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { createOAuthHandler } from './app.ts';

const config = loadOAuthConfig();
const { stage } = loadObservabilityConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-oauth', stage } });
const secrets = new SecretsManagerStore(secretsManagerClient(secretsKmsKeyArn()));

export const handler = createOAuthHandler({
  app: appCredentials(config.appId, config.appSecretId, secrets),
  wixApiBaseUrl: config.wixApiBaseUrl,
  installerUrl: config.installerUrl,
  publicUrl: config.publicUrl,
  connections: new DynamoConnectionStore(createDocumentClient(), config.connectionsTable),
  secrets,
  secretsPrefix: config.secretsPrefix,
  log,
});
