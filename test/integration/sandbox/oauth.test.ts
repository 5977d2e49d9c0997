import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { call, tokenFor } from './helpers.ts';

describe('Wix sandbox OAuth and authentication', () => {
  let sandbox: WixSandbox;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = Date.parse('2025-01-01T00:00:00Z');
    sandbox = await startWixSandbox({ now: () => nowMs });
  });
  afterEach(() => sandbox.stop());

  const clientCredentials = (overrides: Record<string, unknown> = {}) => ({
    grant_type: 'client_credentials',
    client_id: sandbox.appId,
    client_secret: sandbox.appSecret,
    instance_id: sandbox.instanceId,
    ...overrides,
  });

  it('issues a 4-hour bearer token for the app and an installed instance', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/oauth2/token', { body: clientCredentials() });

    // Assess
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 14400,
    });
  });

  it('lets the issued token call the API with the raw token and with a Bearer prefix', async () => {
    // Prepare
    const token = await tokenFor(sandbox);

    // Act
    const raw = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: token });
    const bearer = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: `Bearer ${token}` });

    // Assess
    // The demo site runs Catalog V3, as new Wix stores do.
    expect(raw).toEqual({ status: 200, body: { catalogVersion: 'V3_CATALOG' } });
    expect(bearer.status).toBe(200);
  });

  it('answers 401 invalid_client for a wrong client secret', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/oauth2/token', {
      body: clientCredentials({ client_secret: 'nope' }),
    });

    // Assess
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('answers 400 invalid_grant for an instance the app is not installed on', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/oauth2/token', {
      body: clientCredentials({ instance_id: 'x' }),
    });

    // Assess
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
  });

  it('answers 400 unsupported_grant_type for another grant', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/oauth2/token', {
      body: clientCredentials({ grant_type: 'password' }),
    });

    // Assess
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('unsupported_grant_type');
  });

  it('exchanges a legacy authorization code once, then refreshes with the same refresh token', async () => {
    // Prepare
    const code = sandbox.createAuthCode(sandbox.instanceId);
    const exchange = {
      grant_type: 'authorization_code',
      client_id: sandbox.appId,
      client_secret: sandbox.appSecret,
      code,
    };

    // Act
    const first = await call(sandbox, 'POST', '/oauth/access', { body: exchange });
    const reused = await call(sandbox, 'POST', '/oauth/access', { body: exchange });
    const refreshed = await call(sandbox, 'POST', '/oauth/access', {
      body: {
        grant_type: 'refresh_token',
        client_id: sandbox.appId,
        client_secret: sandbox.appSecret,
        refresh_token: first.body.refresh_token,
      },
    });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ refresh_token: expect.any(String), access_token: expect.any(String) });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect(refreshed.body.refresh_token).toBe(first.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
  });

  it('rejects an authorization code older than 10 minutes', async () => {
    // Prepare
    const code = sandbox.createAuthCode(sandbox.instanceId);
    nowMs += 10 * 60_000 + 1;

    // Act
    const result = await call(sandbox, 'POST', '/oauth/access', {
      body: {
        grant_type: 'authorization_code',
        client_id: sandbox.appId,
        client_secret: sandbox.appSecret,
        code,
      },
    });

    // Assess
    expect(result.status).toBe(400);
  });

  it('answers 401 in Wix error format once a legacy 5-minute access token has expired', async () => {
    // Prepare
    const code = sandbox.createAuthCode(sandbox.instanceId);
    const { body } = await call(sandbox, 'POST', '/oauth/access', {
      body: {
        grant_type: 'authorization_code',
        client_id: sandbox.appId,
        client_secret: sandbox.appSecret,
        code,
      },
    });
    const accessToken = String(body.access_token);
    const fresh = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: accessToken });
    nowMs += 5 * 60_000;

    // Act
    const expired = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: accessToken });

    // Assess
    expect(fresh.status).toBe(200);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      message: expect.any(String),
      details: { applicationError: { code: 'UNAUTHENTICATED', description: expect.any(String) } },
    });
  });

  it('answers 401 for a missing or unknown Authorization header', async () => {
    // Act
    const missing = await call(sandbox, 'GET', '/stores/v3/provision/version');
    const unknown = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: 'not-a-token' });

    // Assess
    expect(missing.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ details: { applicationError: { code: 'UNAUTHENTICATED' } } });
  });

  it('accepts the API key with wix-site-id and refuses it with both id headers or neither', async () => {
    // Act
    const ok = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: sandbox.apiKey,
      headers: { 'wix-site-id': sandbox.siteId },
    });
    const both = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: sandbox.apiKey,
      headers: { 'wix-site-id': sandbox.siteId, 'wix-account-id': sandbox.accountId },
    });
    const neither = await call(sandbox, 'GET', '/stores/v3/provision/version', { auth: sandbox.apiKey });
    const otherSite = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: sandbox.apiKey,
      headers: { 'wix-site-id': 'b0b0b0b0-0000-4000-8000-000000000000' },
    });

    // Assess
    expect(ok).toEqual({ status: 200, body: { catalogVersion: 'V3_CATALOG' } });
    expect(both.status).toBe(400);
    expect(neither.status).toBe(401);
    expect(otherSite.status).toBe(401);
  });

  it('reports each site catalog version through GET /stores/v3/provision/version', async () => {
    // Prepare
    const v1 = sandbox.addSite({ catalogVersion: 'V1_CATALOG' });
    const v3 = sandbox.addSite({ catalogVersion: 'V3_CATALOG' });
    const none = sandbox.addSite({ catalogVersion: 'STORES_NOT_INSTALLED' });
    const unnamed = sandbox.addSite();

    // Act
    const v1Answer = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: await tokenFor(sandbox, v1.instanceId),
    });
    const unnamedAnswer = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: await tokenFor(sandbox, unnamed.instanceId),
    });
    const v3Answer = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: await tokenFor(sandbox, v3.instanceId),
    });
    const noneAnswer = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: sandbox.apiKey,
      headers: { 'wix-site-id': none.siteId },
    });

    // Assess
    expect(v1Answer.body).toEqual({ catalogVersion: 'V1_CATALOG' });
    expect(v3Answer.body).toEqual({ catalogVersion: 'V3_CATALOG' });
    expect(unnamedAnswer.body).toEqual({ catalogVersion: 'V3_CATALOG' });
    expect(noneAnswer.body).toEqual({ catalogVersion: 'STORES_NOT_INSTALLED' });
  });

  it('answers 404 in Wix error format for a path it does not serve', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/no/such/api', { auth: await tokenFor(sandbox) });

    // Assess
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ details: { applicationError: { code: 'NOT_FOUND' } } });
  });

  it('describes a live token through /oauth2/token-info and reports an unknown one inactive', async () => {
    // Prepare
    const token = await tokenFor(sandbox);

    // Act
    const live = await call(sandbox, 'POST', '/oauth2/token-info', { body: { token } });
    const unknown = await call(sandbox, 'POST', '/oauth2/token-info', { body: { token: 'nope' } });

    // Assess
    expect(live.body).toMatchObject({
      active: 'true',
      clientId: sandbox.appId,
      instanceId: sandbox.instanceId,
      siteId: sandbox.siteId,
    });
    expect(unknown.body).toEqual({ active: false });
  });

  it('answers 401 on Stores paths of a site without Wix Stores', async () => {
    // Prepare
    const site = sandbox.addSite({ catalogVersion: 'STORES_NOT_INSTALLED' });

    // Act
    const result = await call(sandbox, 'POST', '/stores/v1/products/query', {
      auth: await tokenFor(sandbox, site.instanceId),
      body: { query: {} },
    });

    // Assess
    expect(result.status).toBe(401);
  });

  it('refuses an account-level API key call to a site API with 403', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/stores/v3/provision/version', {
      auth: sandbox.apiKey,
      headers: { 'wix-account-id': sandbox.accountId },
    });

    // Assess
    expect(result.status).toBe(403);
  });
});
