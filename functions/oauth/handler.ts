import { loadOAuthConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { secretsManagerClient } from '#shared/secrets/secrets-manager-client.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { createOAuthHandler } from './app.ts';
import { composeOAuth } from './compose.ts';

const config = loadOAuthConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-oauth', stage: config.stage } });

export const handler = createOAuthHandler(
  composeOAuth(
    {
      db: createDocumentClient(),
      secrets: new SecretsManagerStore(secretsManagerClient(config.secretsKmsKeyArn)),
    },
    config,
    { log },
  ),
);
