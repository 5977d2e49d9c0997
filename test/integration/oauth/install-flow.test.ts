import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthHandler } from '#functions/oauth/app.ts';
import { lambdaContext } from '#local/http-server.ts';
import { createInstallState, installStateKey } from '#shared/oauth/install-state.ts';
import { browse, callsTo, lastHop, type OAuthHarness, startOAuthHarness } from './harness.ts';

describe('the Wix app install flow (GET /oauth/install → Wix consent → GET /oauth/callback)', () => {
  let h: OAuthHarness;

  beforeAll(async () => {
    h = await startOAuthHarness();
  });
  afterAll(() => h?.stop());

  /** A callback URL as Wix would build it, for a code of `instanceId`, with `state`. */
  const callbackUrl = (params: Record<string, string>) => {
    const url = new URL(`${h.http.url}/oauth/callback`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  };
  const deps = () => ({
    app: undefined,
    wixApiBaseUrl: h.sandbox.url,
    installerUrl: `${h.sandbox.url}/installer/install`,
    publicUrl: h.http.url,
    connections: h.stores.connections,
    secrets: h.secrets,
    secretsPrefix: '',
    log: h.log,
  });
  const event = (method: string, path: string): APIGatewayProxyEventV2 => ({
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  });
  const validState = (connectionId?: string) =>
    createInstallState(installStateKey(h.sandbox.appSecret), { now: Date.now(), connectionId });

  it("redirects to Wix's installer with the app id, the redirect URL, a signed state and Wix's token", async () => {
    // Act
    const [hop] = await browse(`${h.http.url}/oauth/install?token=wix-install-session`, 1);

    // Assess
    expect(hop?.status).toBe(302);
    const target = new URL(hop?.location ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(`${h.sandbox.url}/installer/install`);
    expect(target.searchParams.get('appId')).toBe(h.sandbox.appId);
    expect(target.searchParams.get('redirectUrl')).toBe(`${h.http.url}/oauth/callback`);
    expect(target.searchParams.get('token')).toBe('wix-install-session');
    expect(target.searchParams.get('state')).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(hop?.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
  });

  it('installs on a new site: exchanges the code, keeps the refresh token, creates the connection, shows success', async () => {
    // Act
    const hops = await browse(`${h.http.url}/oauth/install?connection=shop-a`);

    // Assess
    const page = lastHop(hops);
    expect(hops.map((hop) => hop.status)).toEqual([302, 302, 200]);
    const instanceId = new URL(hops[1]?.location ?? '').searchParams.get('instanceId') ?? '';
    const connection = await h.stores.connections.get('shop-a');
    expect(connection).toMatchObject({
      id: 'shop-a',
      instanceId,
      siteId: expect.any(String),
      auth: { kind: 'refreshToken', secretId: 'connections/shop-a/refresh-token' },
      status: 'active',
      // A new site on today's Wix runs Catalog V3.
      catalogVersion: 'V3_CATALOG',
    });
    const exchange = callsTo(h.sandbox, '/oauth/access').find(
      (r) => r.instanceId === undefined && r.status === 200,
    );
    const issued = exchange?.response as { refresh_token: string; access_token: string };
    expect(exchange?.body).toMatchObject({ grant_type: 'authorization_code', client_id: h.sandbox.appId });
    expect(await h.secrets.get('connections/shop-a/refresh-token')).toBe(issued.refresh_token);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('wixflow is connected to your Wix site');
    expect(page.body).toContain('<code>shop-a</code>');
    expect(page.body).not.toContain(issued.refresh_token);
    expect(page.body).not.toContain(issued.access_token);
    // The install is marked set up, so the site's dashboard does not show "Setup Incomplete".
    const setup = callsTo(h.sandbox, '/apps/v1/bi-event').filter((r) => r.instanceId === instanceId);
    expect(setup.map((r) => [r.method, r.status, r.body])).toEqual([
      ['POST', 200, { eventName: 'APP_FINISHED_CONFIGURATION' }],
    ]);
  });

  it('installs on the site Wix named by its install token (App Market flow)', async () => {
    // Prepare
    const { token, instanceId, siteId } = h.sandbox.startInstall({ catalogVersion: 'V1_CATALOG' });

    // Act
    const hops = await browse(`${h.http.url}/oauth/install?token=${encodeURIComponent(token)}`);

    // Assess
    expect(lastHop(hops).status).toBe(200);
    const [connection] = await h.stores.connections.findByInstanceId(instanceId);
    expect(connection).toMatchObject({
      id: `site-${instanceId.replace(/-/g, '').slice(0, 8)}`,
      siteId,
      catalogVersion: 'V1_CATALOG',
      auth: { kind: 'refreshToken' },
    });
  });

  it('re-authorises the connection AppInstalled created for the site instead of adding a second one', async () => {
    // Prepare
    const { token, instanceId } = h.sandbox.startInstall();
    const at = new Date().toISOString();
    await h.stores.connections.put({
      id: 'from-app-installed',
      instanceId,
      auth: { kind: 'oauth' },
      status: 'disabled',
      createdAt: at,
      updatedAt: at,
    });

    // Act
    const hops = await browse(
      `${h.http.url}/oauth/install?token=${encodeURIComponent(token)}&connection=other`,
    );

    // Assess
    expect(lastHop(hops).status).toBe(200);
    expect(await h.stores.connections.findByInstanceId(instanceId)).toEqual([
      expect.objectContaining({
        id: 'from-app-installed',
        status: 'active',
        createdAt: at,
        auth: { kind: 'refreshToken', secretId: 'connections/from-app-installed/refresh-token' },
      }),
    ]);
    expect(await h.stores.connections.get('other')).toBeUndefined();
  });

  describe('refuses the callback and exchanges nothing', () => {
    const refused = async (url: string) => {
      const before = callsTo(h.sandbox, '/oauth/access').length;
      const connectionsBefore = (await h.stores.connections.list()).length;
      const [hop] = await browse(url, 1);
      return {
        hop,
        exchanges: callsTo(h.sandbox, '/oauth/access').length - before,
        newConnections: (await h.stores.connections.list()).length - connectionsBefore,
      };
    };

    it('when the state is signed with another key (forged)', async () => {
      // Prepare
      const { instanceId } = h.sandbox.addSite();
      const forged = createInstallState(installStateKey('not-the-app-secret'), { now: Date.now() });
      const code = h.sandbox.createAuthCode(instanceId);

      // Act
      const { hop, exchanges, newConnections } = await refused(
        callbackUrl({ code, instanceId, state: forged }),
      );

      // Assess
      expect(hop?.status).toBe(403);
      expect(hop?.body).toContain('not issued by this wixflow');
      expect(exchanges).toBe(0);
      expect(newConnections).toBe(0);
    });

    it('when a genuine state was altered (a connection name slipped in)', async () => {
      // Prepare
      const { instanceId } = h.sandbox.addSite();
      const [version, , signature] = validState().split('.');
      const payload = Buffer.from(
        JSON.stringify({ n: 'x'.repeat(24), e: Date.now() + 60_000, c: 'evil' }),
      ).toString('base64url');

      // Act
      const { hop, exchanges } = await refused(
        callbackUrl({
          code: h.sandbox.createAuthCode(instanceId),
          instanceId,
          state: `${version}.${payload}.${signature}`,
        }),
      );

      // Assess
      expect(hop?.status).toBe(403);
      expect(exchanges).toBe(0);
    });

    it('when the state has expired', async () => {
      // Prepare
      const { instanceId } = h.sandbox.addSite();
      const state = validState();
      h.advance(10 * 60_000 + 1);

      // Act
      const result = await refused(
        callbackUrl({ code: h.sandbox.createAuthCode(instanceId), instanceId, state }),
      );
      h.advance(-(10 * 60_000 + 1));

      // Assess
      expect(result.hop?.status).toBe(400);
      expect(result.hop?.body).toContain('expired');
      expect(result.exchanges).toBe(0);
      expect(result.newConnections).toBe(0);
    });

    it('when there is no state at all', async () => {
      // Prepare
      const { instanceId } = h.sandbox.addSite();

      // Act
      const { hop, exchanges } = await refused(
        callbackUrl({ code: h.sandbox.createAuthCode(instanceId), instanceId }),
      );

      // Assess
      expect(hop?.status).toBe(400);
      expect(hop?.body).toContain('no state');
      expect(exchanges).toBe(0);
    });

    it('when the named connection belongs to another site', async () => {
      // Prepare
      const { instanceId } = h.sandbox.addSite();
      const code = h.sandbox.createAuthCode(instanceId);

      // Act
      const { hop, exchanges } = await refused(
        callbackUrl({ code, instanceId, state: validState('shop-a') }),
      );

      // Assess
      expect(hop?.status).toBe(409);
      expect(hop?.body).toContain('another Wix site');
      expect(exchanges).toBe(0);
    });
  });

  it('stores nothing when the callback names another instance than the code was issued for', async () => {
    // Prepare
    const victim = h.sandbox.addSite();
    const attacker = h.sandbox.addSite();
    const code = h.sandbox.createAuthCode(attacker.instanceId);

    // Act
    const [hop] = await browse(callbackUrl({ code, instanceId: victim.instanceId, state: validState() }), 1);

    // Assess
    expect(hop?.status).toBe(400);
    expect(hop?.body).toContain('not the one Wix authorised');
    expect(await h.stores.connections.findByInstanceId(victim.instanceId)).toEqual([]);
  });

  it('answers 400 for a code Wix already used, and stores nothing', async () => {
    // Prepare
    const { instanceId } = h.sandbox.addSite();
    const code = h.sandbox.createAuthCode(instanceId);
    const first = await browse(callbackUrl({ code, instanceId, state: validState('used-once') }), 1);
    await h.stores.connections.delete('used-once');

    // Act
    const [again] = await browse(callbackUrl({ code, instanceId, state: validState('used-twice') }), 1);

    // Assess
    expect(first[0]?.status).toBe(200);
    expect(again?.status).toBe(400);
    expect(again?.body).toContain('Wix refused to exchange the authorization code');
    expect(await h.stores.connections.get('used-twice')).toBeUndefined();
  });

  it('answers 400 to an install link naming a connection id that cannot be one', async () => {
    // Act
    const [hop] = await browse(`${h.http.url}/oauth/install?connection=${encodeURIComponent('<b>x</b>')}`, 1);

    // Assess
    expect(hop?.status).toBe(400);
    expect(hop?.body).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(hop?.body).not.toContain('<b>x</b>');
  });

  it('answers 404 to another path and 405 to another method, as a page', async () => {
    // Act
    const post = await fetch(`${h.http.url}/oauth/install`, { method: 'POST' });
    const handler = createOAuthHandler({ ...deps(), app: undefined });
    const other = await handler(event('GET', '/oauth/elsewhere'), lambdaContext());

    // Assess: POST is not routed to the oauth function at all (API Gateway would answer 404 too).
    expect(post.status).toBe(404);
    expect(other).toMatchObject({ statusCode: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect((await handler(event('DELETE', '/oauth/install'), lambdaContext())).statusCode).toBe(405);
  });

  it('answers 503 without a configured Wix app, and 503 when its secret cannot be read', async () => {
    // Prepare
    const noApp = createOAuthHandler({ ...deps(), app: undefined });
    const noSecret = createOAuthHandler({
      ...deps(),
      app: { appId: h.sandbox.appId, appSecret: () => Promise.reject(new Error('AccessDenied')) },
    });

    // Act
    const first = await noApp(event('GET', '/oauth/install'), lambdaContext());
    const second = await noSecret(event('GET', '/oauth/callback'), lambdaContext());

    // Assess
    expect(first.statusCode).toBe(503);
    expect(first.body).toContain('no Wix app configured');
    expect(second.statusCode).toBe(503);
    expect(second.body).not.toContain('AccessDenied');
  });

  it('logs installs and refusals without any token', async () => {
    // Prepare
    const issued = callsTo(h.sandbox, '/oauth/access').flatMap((r) => {
      const body = r.response as { access_token?: string; refresh_token?: string };
      return [body.access_token, body.refresh_token].filter((t): t is string => Boolean(t));
    });

    // Act
    const log = h.logLines.join('\n');

    // Assess
    expect(issued.length).toBeGreaterThan(0);
    expect(log).toContain('Wix app installed');
    expect(log).toContain('install request refused');
    for (const secret of [...issued, h.sandbox.appSecret]) expect(log).not.toContain(secret);
  });
});
