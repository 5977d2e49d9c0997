import type { Logger } from '#shared/log.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import {
  CatalogVersionSchema,
  type Connection,
  type ConnectionTokenStore,
} from '#shared/store/connections.ts';
import { ApiKeyAuth } from './api-key-auth.ts';
import { ClientCredentialsAuth } from './client-credentials-auth.ts';
import { RefreshTokenAuth } from './refresh-token-auth.ts';
import type { TokenCache } from './token-cache.ts';
import {
  createWixHttp,
  type WixApi,
  type WixAuth,
  type WixCall,
  WixHttpClient,
  type WixRequest,
  type WixResponse,
} from './wix-http-client.ts';

export interface WixAppCredentials {
  appId: string;
  /** Resolves the app secret (from the secret store); called only when a token must be minted. */
  appSecret: () => Promise<string>;
}

export interface ConnectionClientOptions {
  baseUrl: string;
  app: WixAppCredentials | undefined;
  secrets: SecretStore;
  /**
   * Bookkeeping on the connection's item: the refresh lease, a rejected refresh token, the catalog version
   * learned from a call. Required for refresh-token connections.
   */
  connections?: ConnectionTokenStore;
  /**
   * The secret store read without a cache (on AWS a SecretsManagerStore with a zero TTL): another process
   * may rotate a refresh token at any time. Required for refresh-token connections.
   */
  freshSecrets?: SecretStore;
  log?: Logger;
  onCall?: (call: WixCall) => void;
  /** Awaited before every HTTP attempt to the API (not token requests): the site's rate-limit slot. */
  beforeSend?: () => Promise<void>;
  /** Access tokens of this process; tests simulating several processes give each its own. */
  tokenCache?: TokenCache;
}

/** Headers only the connection's auth may set: a request's own copies are dropped. */
const AUTH_HEADERS = new Set(['authorization', 'wix-site-id', 'wix-account-id']);
const PROVISION_VERSION_PATH = '/stores/v3/provision/version';

/**
 * The Wix client of one connection, authorised the way the connection says; it records the site's catalog
 * version when a call reveals it. Throws when the connection's credentials cannot be used.
 */
export function wixClientFor(connection: Connection, options: ConnectionClientOptions): WixApi {
  const client = new WixHttpClient({
    baseUrl: options.baseUrl,
    auth: authFor(connection, options),
    onCall: options.onCall,
    beforeSend: options.beforeSend,
  });
  return new ConnectionClient(client, connection, options);
}

class ConnectionClient implements WixApi {
  private knownCatalog: Connection['catalogVersion'];

  constructor(
    private readonly client: WixApi,
    private readonly connection: Connection,
    private readonly options: ConnectionClientOptions,
  ) {
    this.knownCatalog = connection.catalogVersion;
  }

  async request<T = unknown>(request: WixRequest): Promise<WixResponse<T>> {
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).filter(([name]) => !AUTH_HEADERS.has(name.toLowerCase())),
    );
    const response = await this.client.request<T>({ ...request, headers });
    if (request.method === 'GET' && request.path.replace(/\/+$/, '') === PROVISION_VERSION_PATH) {
      await this.recordCatalogVersion(response.body);
    }
    return response;
  }

  private async recordCatalogVersion(body: unknown): Promise<void> {
    const store = this.options.connections;
    const version = CatalogVersionSchema.safeParse((body as { catalogVersion?: unknown }).catalogVersion);
    if (!store || !version.success || version.data === this.knownCatalog) return;
    try {
      await store.recordCatalogVersion(this.connection.id, version.data, new Date().toISOString());
      this.knownCatalog = version.data;
    } catch (error) {
      // Bookkeeping only: the call itself succeeded.
      this.options.log?.warn('could not record the catalog version on the connection', {
        connectionId: this.connection.id,
        error,
      });
    }
  }
}

function authFor(connection: Connection, options: ConnectionClientOptions): WixAuth {
  const { auth } = connection;
  switch (auth.kind) {
    case 'oauth':
      return clientCredentials(connection, options);
    case 'apiKey': {
      const apiKey = async () => {
        const key = await options.secrets.get(auth.secretId);
        if (!key)
          throw new Error(`the API key of connection ${connection.id} is missing from the secret store`);
        return key;
      };
      if (auth.siteId && !auth.accountId) return new ApiKeyAuth(apiKey, { siteId: auth.siteId });
      if (auth.accountId && !auth.siteId) return new ApiKeyAuth(apiKey, { accountId: auth.accountId });
      throw new Error(`connection ${connection.id} needs exactly one of a site id or an account id`);
    }
    case 'refreshToken': {
      const app = requireApp(connection, options);
      if (!options.connections || !options.freshSecrets) {
        throw new Error(
          `connection ${connection.id} uses a refresh token, but this Wix client was built without the ` +
            'connection store and uncached secret store that refreshing needs',
        );
      }
      const log = options.log;
      return new RefreshTokenAuth({
        http: createWixHttp(options.baseUrl),
        appId: app.appId,
        appSecret: app.appSecret,
        connectionId: connection.id,
        instanceId: connection.instanceId,
        secrets: options.freshSecrets,
        store: options.connections,
        fallback: clientCredentials(connection, options),
        rejected: auth.refreshTokenRejectedAt !== undefined,
        cache: options.tokenCache,
        onRejected: (error) =>
          log?.warn('Wix rejected the refresh token; the connection now uses client credentials', {
            connectionId: connection.id,
            instanceId: connection.instanceId,
            status: error.status,
            code: error.code,
          }),
      });
    }
  }
}

function clientCredentials(connection: Connection, options: ConnectionClientOptions): WixAuth {
  const app = requireApp(connection, options);
  return new ClientCredentialsAuth({
    http: createWixHttp(options.baseUrl),
    appId: app.appId,
    appSecret: app.appSecret,
    instanceId: connection.instanceId,
    cache: options.tokenCache,
  });
}

function requireApp(connection: Connection, options: ConnectionClientOptions): WixAppCredentials {
  if (!options.app) {
    throw new Error(
      `connection ${connection.id} uses the Wix app, but no Wix app id and secret are configured`,
    );
  }
  return options.app;
}
