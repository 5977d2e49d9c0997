import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OAuthConfig } from '#shared/config.ts';
import type { Logger } from '#shared/log.ts';
import type { InstallFlowDeps } from '#shared/oauth/install-flow.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';

/** The clients the install routes run on: AWS's in the Lambda, dynalite and a file locally. */
export interface OAuthClients {
  db: DynamoDBDocumentClient;
  /** Holds the app secret (read) and each install's refresh token (written). */
  secrets: SecretStore;
}

/** What the install routes' deps are built from; without the app's id or secret the routes answer 503. */
export type OAuthSettings = Omit<
  OAuthConfig,
  'logLevel' | 'stage' | 'secretsKmsKeyArn' | 'appId' | 'appSecretId'
> & {
  appId: string | undefined;
  appSecretId: string | undefined;
};

/** The install routes' one composition root, called by the Lambda handler and the local stack. */
export function composeOAuth(
  clients: OAuthClients,
  config: OAuthSettings,
  { log }: { log: Logger },
): InstallFlowDeps {
  return {
    app: appCredentials(config.appId, config.appSecretId, clients.secrets),
    wixApiBaseUrl: config.wixApiBaseUrl,
    installerUrl: config.installerUrl,
    publicUrl: config.publicUrl,
    connections: new DynamoConnectionStore(clients.db, config.connectionsTable),
    secrets: clients.secrets,
    secretsPrefix: config.secretsPrefix,
    log,
  };
}
