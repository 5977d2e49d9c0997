import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadOAuthConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { createOAuthHandler } from './app.ts';

const config = loadOAuthConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-oauth' } });
const secrets = new SecretsManagerStore(new SecretsManagerClient({}));

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
