import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '#shared/store/connections.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { RefreshTokenAuth } from '#shared/wix/client/refresh-token-auth.ts';
import { TokenCache } from '#shared/wix/client/token-cache.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixCall } from '#shared/wix/client/wix-http-client.ts';
import { createWixHttp } from '#shared/wix/client/wix-http-client.ts';
import { APP_SECRET_ID, browse, callsTo, lastHop, type OAuthHarness, startOAuthHarness } from './harness.ts';

const VERSION = { method: 'GET', path: '/stores/v3/provision/version' } as const;

describe('refresh-token connections (legacy installs)', () => {
  let h: OAuthHarness;
  let installs = 0;

  beforeAll(async () => {
    h = await startOAuthHarness();
  });
  afterAll(() => h?.stop());

  /** Where the current test's own requests start in the sandbox's record. */
  let since = 0;

  /** Installs the app on a new sandbox site through /oauth/install and returns its connection. */
  async function install(): Promise<Connection> {
    installs += 1;
    const id = `legacy-${installs}`;
    const hops = await browse(`${h.http.url}/oauth/install?connection=${id}`);
    expect(lastHop(hops).status).toBe(200);
    const connection = await h.stores.connections.get(id);
    if (!connection) throw new Error('install created no connection');
    since = h.sandbox.requests.length;
    return connection;
  }

  const client = (connection: Connection, tokenCache = new TokenCache(), onCall?: (call: WixCall) => void) =>
    wixClientFor(connection, {
      baseUrl: h.sandbox.url,
      app: appCredentials(h.sandbox.appId, APP_SECRET_ID, h.secrets),
      secrets: h.secrets,
      connections: h.stores.connections,
      freshSecrets: h.secrets,
      log: h.log,
      tokenCache,
      onCall,
    });

  const ownRequests = () => h.sandbox.requests.slice(since);
  const refreshes = () =>
    ownRequests().filter(
      (r) => r.path === '/oauth/access' && (r.body as { grant_type?: string }).grant_type === 'refresh_token',
    );
  const apiCallsOf = (connection: Connection) =>
    ownRequests().filter((r) => r.path === VERSION.path && r.instanceId === connection.instanceId);
  /** A string field of a recorded request's body or response; throws (failing the test) when there is none. */
  const field = (
    record: { body?: unknown; response?: unknown } | undefined,
    where: 'body' | 'response',
    name: string,
  ) => {
    const value = (record?.[where] as Record<string, unknown> | undefined)?.[name];
    if (typeof value !== 'string') throw new Error(`no ${name} in the ${where}`);
    return value;
  };

  it('authorises calls with an access token from POST /oauth/access and reuses it', async () => {
    // Prepare
    const connection = await install();
    const wix = client(connection);

    // Act
    await wix.request(VERSION);
    await wix.request(VERSION);

    // Assess
    const [refresh, ...more] = refreshes();
    expect(more).toEqual([]);
    expect(refresh?.body).toMatchObject({
      grant_type: 'refresh_token',
      client_id: h.sandbox.appId,
      refresh_token: await h.secrets.get(`connections/${connection.id}/refresh-token`),
    });
    const token = field(refresh, 'response', 'access_token');
    expect(apiCallsOf(connection).map((r) => r.headers.authorization)).toEqual([token, token]);
  });

  it('refreshes once for many concurrent calls of one process (no stampede)', async () => {
    // Prepare
    const connection = await install();
    const cache = new TokenCache();

    // Act
    await Promise.all(Array.from({ length: 10 }, () => client(connection, cache).request(VERSION)));

    // Assess
    expect(refreshes()).toHaveLength(1);
    expect(apiCallsOf(connection).every((r) => r.status === 200)).toBe(true);
  });

  it('refreshes one process at a time and never loses a rotated refresh token', async () => {
    // Prepare
    const connection = await install();
    h.sandbox.setRefreshTokenRotation(true);

    // Act: five processes (each its own token cache) need a token at the same moment.
    try {
      await Promise.all(
        Array.from({ length: 5 }, () => client(connection, new TokenCache()).request(VERSION)),
      );
    } finally {
      h.sandbox.setRefreshTokenRotation(false);
    }

    // Assess: each refresh used the token the previous one answered, so none was refused.
    const chain = refreshes();
    expect(chain.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (let i = 1; i < chain.length; i++) {
      expect(field(chain[i], 'body', 'refresh_token')).toBe(field(chain[i - 1], 'response', 'refresh_token'));
    }
    const latest = field(chain.at(-1), 'response', 'refresh_token');
    expect(await h.secrets.get(`connections/${connection.id}/refresh-token`)).toBe(latest);
    expect(callsTo(h.sandbox, '/oauth2/token').filter((r) => r.instanceId === connection.instanceId)).toEqual(
      [],
    );
    expect((await h.stores.connections.get(connection.id))?.auth).not.toHaveProperty(
      'refreshTokenRejectedAt',
    );
  });

  it('gets a new access token when Wix expires the current one mid-run', async () => {
    // Prepare
    const connection = await install();
    const calls: WixCall[] = [];
    const wix = client(connection, new TokenCache(), (call) => calls.push(call));
    await wix.request(VERSION);
    h.sandbox.expireAccessTokens(connection.instanceId);

    // Act
    const response = await wix.request(VERSION);

    // Assess
    expect(response.status).toBe(200);
    expect(calls.map((c) => c.status)).toEqual([200, 401, 200]);
    expect(refreshes()).toHaveLength(2);
  });

  it('falls back to client credentials when Wix rejects the refresh token, and records it on the connection', async () => {
    // Prepare
    const connection = await install();
    h.sandbox.revokeRefreshTokens(connection.instanceId);

    // Act
    const response = await client(connection).request(VERSION);
    const recorded = await h.stores.connections.get(connection.id);
    const again = await client(recorded ?? connection).request(VERSION);

    // Assess
    expect(response.status).toBe(200);
    expect(again.status).toBe(200);
    expect(refreshes().map((r) => r.status)).toEqual([400]);
    const minted = ownRequests()
      .filter((r) => r.path === '/oauth2/token' && r.instanceId === connection.instanceId)
      .map((r) => field(r, 'response', 'access_token'));
    expect(apiCallsOf(connection).map((r) => r.headers.authorization)).toEqual(minted);
    expect(minted).toHaveLength(2);
    expect(recorded?.auth).toMatchObject({
      kind: 'refreshToken',
      refreshTokenRejectedAt: expect.any(String),
    });
    expect(h.logLines.join('\n')).toContain('Wix rejected the refresh token');
  });

  it('gives up with a retryable error while another process holds the refresh lease', async () => {
    // Prepare
    const connection = await install();
    await h.stores.connections.acquireRefreshLease(connection.id, 'another-process', 60_000, Date.now());
    const auth = new RefreshTokenAuth({
      http: createWixHttp(h.sandbox.url),
      appId: h.sandbox.appId,
      appSecret: async () => h.sandbox.appSecret,
      connectionId: connection.id,
      instanceId: connection.instanceId,
      secrets: h.secrets,
      store: h.stores.connections,
      fallback: { headers: async () => ({}) },
      rejected: false,
      cache: new TokenCache(),
      waitMs: 200,
    });

    // Act
    const failure = await auth.headers().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(WixApiError);
    expect(failure).toMatchObject({ code: 'TOKEN_REFRESH_BUSY', retryable: true });
    expect(refreshes()).toEqual([]);
  });

  it('takes over a refresh lease whose holder stopped before releasing it', async () => {
    // Prepare
    const connection = await install();
    await h.stores.connections.acquireRefreshLease(connection.id, 'crashed-process', 1, Date.now() - 10);

    // Act
    const response = await client(connection).request(VERSION);

    // Assess
    expect(response.status).toBe(200);
    expect(refreshes()).toHaveLength(1);
  });
});
