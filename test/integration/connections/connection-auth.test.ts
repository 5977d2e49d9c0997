import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '#shared/store/connections.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { TokenCache } from '#shared/wix/client/token-cache.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { APP_SECRET_ID, type OAuthHarness, startOAuthHarness } from '../oauth/harness.ts';

const VERSION = { method: 'GET', path: '/stores/v3/provision/version' } as const;
const at = new Date().toISOString();

describe('the Wix client of a connection', () => {
  let h: OAuthHarness;

  beforeAll(async () => {
    h = await startOAuthHarness();
    await h.secrets.put('connections/keyed/api-key', h.sandbox.apiKey);
  });
  afterAll(() => h?.stop());

  const client = (connection: Connection, tokenCache = new TokenCache()) =>
    wixClientFor(connection, {
      baseUrl: h.sandbox.url,
      app: appCredentials(h.sandbox.appId, APP_SECRET_ID, h.secrets),
      secrets: h.secrets,
      connections: h.stores.connections,
      freshSecrets: h.secrets,
      tokenCache,
    });
  const lastRequest = () => h.sandbox.requests.at(-1);

  it('sends an API key with wix-site-id only, dropping the auth headers a request brought itself', async () => {
    // Prepare
    const site = h.sandbox.addSite();
    const connection: Connection = {
      id: 'keyed',
      instanceId: site.instanceId,
      siteId: site.siteId,
      auth: { kind: 'apiKey', secretId: 'connections/keyed/api-key', siteId: site.siteId },
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };

    // Act
    const response = await client(connection).request({
      ...VERSION,
      headers: {
        Authorization: 'someone-elses-token',
        'Wix-Account-Id': 'another-account',
        'x-trace': 'kept',
      },
    });

    // Assess
    expect(response.status).toBe(200);
    const headers: Record<string, string> = lastRequest()?.headers ?? {};
    expect(headers.authorization).toBe(h.sandbox.apiKey);
    expect(headers['wix-site-id']).toBe(site.siteId);
    expect(headers).not.toHaveProperty('wix-account-id');
    expect(headers['x-trace']).toBe('kept');
  });

  it('sends an account-level API key with wix-account-id only', async () => {
    // Prepare
    const connection: Connection = {
      id: 'account-wide',
      instanceId: 'no-instance',
      auth: { kind: 'apiKey', secretId: 'connections/keyed/api-key', accountId: h.sandbox.accountId },
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };

    // Act: the sandbox serves no account-level API, so it refuses the call with 403 after authenticating it.
    const failure = await client(connection)
      .request({ ...VERSION, headers: { 'wix-site-id': 'a-site' } })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(WixApiError);
    expect(failure).toMatchObject({ status: 403 });
    const headers: Record<string, string> = lastRequest()?.headers ?? {};
    expect(headers.authorization).toBe(h.sandbox.apiKey);
    expect(headers['wix-account-id']).toBe(h.sandbox.accountId);
    expect(headers).not.toHaveProperty('wix-site-id');
  });

  it('mints one client-credentials token per instance and reuses it until shortly before it expires', async () => {
    // Prepare
    const site = h.sandbox.addSite();
    const connection: Connection = {
      id: 'by-app',
      instanceId: site.instanceId,
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };
    const cache = new TokenCache();

    // Act
    await Promise.all([
      client(connection, cache).request(VERSION),
      client(connection, cache).request(VERSION),
    ]);
    await client(connection, cache).request(VERSION);

    // Assess
    const mints = h.sandbox.requests.filter(
      (r) => r.path === '/oauth2/token' && r.instanceId === site.instanceId,
    );
    expect(mints).toHaveLength(1);
    expect(mints[0]?.body).toMatchObject({ grant_type: 'client_credentials', instance_id: site.instanceId });
    const token = (mints[0]?.response as { access_token?: string } | undefined)?.access_token;
    const calls = h.sandbox.requests.filter(
      (r) => r.path === VERSION.path && r.instanceId === site.instanceId,
    );
    expect(calls.map((r) => r.headers.authorization)).toEqual([token, token, token]);
  });

  it('records the catalog version on the connection when a call reveals it', async () => {
    // Prepare
    const site = h.sandbox.addSite({ catalogVersion: 'V3_CATALOG' });
    const connection: Connection = {
      id: 'learns-catalog',
      instanceId: site.instanceId,
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };
    await h.stores.connections.put(connection);

    // Act
    await client(connection).request(VERSION);

    // Assess
    expect((await h.stores.connections.get('learns-catalog'))?.catalogVersion).toBe('V3_CATALOG');
  });

  it('refuses to build a refresh-token client without the stores refreshing needs', () => {
    // Prepare
    const connection: Connection = {
      id: 'legacy',
      instanceId: 'i',
      auth: { kind: 'refreshToken', secretId: 'connections/legacy/refresh-token' },
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };

    // Act
    const build = () =>
      wixClientFor(connection, {
        baseUrl: h.sandbox.url,
        app: appCredentials(h.sandbox.appId, APP_SECRET_ID, h.secrets),
        secrets: h.secrets,
      });

    // Assess
    expect(build).toThrow(/uses a refresh token/);
  });
});
