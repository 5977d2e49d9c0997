import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { Connection } from '#shared/store/connections.ts';
import { ApiKeyAuth, ClientCredentialsAuth } from './auth.ts';
import { createWixHttp, type WixApi, type WixAuth, type WixCall, WixHttpClient } from './wix-http-client.ts';

export interface WixAppCredentials {
  appId: string;
  /** Resolves the app secret (from the secret store); called only when a token must be minted. */
  appSecret: () => Promise<string>;
}

export interface ConnectionClientOptions {
  baseUrl: string;
  app: WixAppCredentials | undefined;
  secrets: SecretStore;
  onCall?: (call: WixCall) => void;
}

/** The Wix client of one connection, authorised the way the connection says. Throws when its credentials are missing. */
export function wixClientFor(connection: Connection, options: ConnectionClientOptions): WixApi {
  return new WixHttpClient({
    baseUrl: options.baseUrl,
    auth: authFor(connection, options),
    onCall: options.onCall,
  });
}

function authFor(connection: Connection, options: ConnectionClientOptions): WixAuth {
  const { auth } = connection;
  switch (auth.kind) {
    case 'oauth': {
      if (!options.app) {
        throw new Error(
          `connection ${connection.id} uses the Wix app, but no Wix app id and secret are configured`,
        );
      }
      const app = options.app;
      return new ClientCredentialsAuth({
        http: createWixHttp(options.baseUrl),
        appId: app.appId,
        appSecret: app.appSecret,
        instanceId: connection.instanceId,
      });
    }
    case 'apiKey': {
      const apiKey = async () => {
        const key = await options.secrets.get(auth.secretId);
        if (!key)
          throw new Error(`the API key of connection ${connection.id} is missing from the secret store`);
        return key;
      };
      if (auth.siteId) return new ApiKeyAuth(apiKey, { siteId: auth.siteId });
      if (auth.accountId) return new ApiKeyAuth(apiKey, { accountId: auth.accountId });
      throw new Error(`connection ${connection.id} has an API key but neither a site id nor an account id`);
    }
  }
}
