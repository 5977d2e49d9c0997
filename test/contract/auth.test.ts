import * as orders from '@wix/auto_sdk_ecom_orders';
import { ApiKeyStrategy, AppStrategy, createClient } from '@wix/sdk';
import { describe, expect, it } from 'vitest';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { ClientCredentialsAuth } from '#shared/wix/client/client-credentials-auth.ts';
import { requestLegacyTokens } from '#shared/wix/client/legacy-tokens.ts';
import { TokenCache } from '#shared/wix/client/token-cache.ts';
import { createWixHttp, type WixAuth } from '#shared/wix/client/wix-http-client.ts';
import { ordersGet } from '#shared/wix/modules/orders/orders-get.ts';
import {
  contractOf,
  ORACLE_API_KEY,
  type Responder,
  recordFetch,
  type WireRequest,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const BASE_URL = 'https://www.wixapis.com';
const APP = { appId: 'b1f0c0de-0000-4000-8000-00000000a990', appSecret: 'oracle-app-secret' };
const INSTANCE_ID = '7c0ffee0-0000-4000-8000-000000000001';
const ORDER_ID = '5a3e6a4b-0c3e-4b7e-8a3c-2f1d0e9b8a71';

/** Wix's token endpoints answer a fresh token; everything else an empty object. */
const tokens: Responder = (request) =>
  request.path === '/oauth2/token' || request.path === '/oauth/access'
    ? { access_token: 'OAUTH-ACCESS-TOKEN', refresh_token: 'OAUTH-REFRESH-TOKEN', expires_in: 14_400 }
    : {};

/**
 * The headers Wix reads to authorise a call. Left out: `x-wix-bi-gateway` (the SDK's own analytics tag) and
 * `content-type` on a body-less GET (neither side sends one).
 */
const authHeadersOf = ({ headers }: WireRequest) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) =>
      ['authorization', 'wix-site-id', 'wix-account-id'].includes(name),
    ),
  );

/** The whole wire of a token request: where it goes, what it says, and that it says it as JSON. */
const tokenRequestOf = (r: WireRequest) => ({
  origin: r.origin,
  ...contractOf(r),
  contentType: r.headers['content-type']?.split(';')[0],
});

async function sdkCall(auth: Parameters<typeof createClient>[0]['auth']): Promise<WireRequest[]> {
  const client = createClient({ modules: { orders }, auth });
  return recordFetch(() => client.orders.getOrder(ORDER_ID).catch(() => undefined), tokens);
}

const wixflowCall = (auth: WixAuth) =>
  wixflowRequests(ordersGet, { orderId: ORDER_ID }, { auth, respond: tokens });

describe('auth against Wix’s SDK (@wix/sdk ApiKeyStrategy, AppStrategy)', () => {
  it('an API key on a site sends the headers ApiKeyStrategy sends: the key as Authorization, wix-site-id', async () => {
    // Act
    const ours = await wixflowCall(
      new ApiKeyAuth(async () => ORACLE_API_KEY.apiKey, { siteId: ORACLE_API_KEY.siteId }),
    );
    const wix = await sdkCall(ApiKeyStrategy(ORACLE_API_KEY));
    // Assess
    expect(ours.map(authHeadersOf)).toEqual(wix.map(authHeadersOf));
    expect(ours.map(authHeadersOf)).toEqual([
      { authorization: ORACLE_API_KEY.apiKey, 'wix-site-id': ORACLE_API_KEY.siteId },
    ]);
  });

  it('an account-wide API key sends the headers ApiKeyStrategy sends: wix-account-id, no site id', async () => {
    // Prepare
    const accountId = '0a1b2c3d-0000-4000-8000-0000000acc01';
    // Act
    const ours = await wixflowCall(new ApiKeyAuth(async () => ORACLE_API_KEY.apiKey, { accountId }));
    const wix = await sdkCall(ApiKeyStrategy({ apiKey: ORACLE_API_KEY.apiKey, accountId }));
    // Assess
    expect(ours.map(authHeadersOf)).toEqual(wix.map(authHeadersOf));
    expect(ours[0]?.headers).not.toHaveProperty('wix-site-id');
  });

  it('client credentials ask POST /oauth2/token as AppStrategy({instanceId}) does, then send the token as Authorization', async () => {
    // Prepare
    const auth = new ClientCredentialsAuth({
      http: createWixHttp(BASE_URL),
      appId: APP.appId,
      appSecret: async () => APP.appSecret,
      instanceId: INSTANCE_ID,
      cache: new TokenCache(),
    });
    // Act
    const ours = await wixflowCall(auth);
    const wix = await sdkCall(AppStrategy({ ...APP, instanceId: INSTANCE_ID }));
    // Assess: the token request, then the call with the token.
    expect(ours.map((r) => r.path)).toEqual(['/oauth2/token', `/ecom/v1/orders/${ORDER_ID}`]);
    expect(tokenRequestOf(ours[0] as WireRequest)).toEqual(tokenRequestOf(wix[0] as WireRequest));
    expect(tokenRequestOf(ours[0] as WireRequest)).toMatchObject({
      origin: BASE_URL,
      body: {
        grant_type: 'client_credentials',
        client_id: APP.appId,
        client_secret: APP.appSecret,
        instance_id: INSTANCE_ID,
      },
    });
    expect(authHeadersOf(ours[1] as WireRequest)).toEqual(authHeadersOf(wix[1] as WireRequest));
    expect(authHeadersOf(ours[1] as WireRequest)).toEqual({ authorization: 'OAUTH-ACCESS-TOKEN' });
  });

  it('a refresh token is exchanged with POST /oauth/access as AppStrategy({refreshToken}) does', async () => {
    // Prepare: RefreshTokenAuth sends its refresh through requestLegacyTokens (its lease and rotation are
    // covered in test/integration/oauth/refresh-token.test.ts against the sandbox).
    const refreshToken = 'OAUTH-REFRESH-TOKEN-0';
    // Act
    const ours = await recordFetch(
      () => requestLegacyTokens(createWixHttp(BASE_URL), APP, { refreshToken }),
      tokens,
    );
    const wix = await sdkCall(AppStrategy({ ...APP, refreshToken }));
    // Assess
    expect(ours.map(tokenRequestOf)).toEqual([tokenRequestOf(wix[0] as WireRequest)]);
    expect(wix[0]?.body).toEqual({
      grant_type: 'refresh_token',
      client_id: APP.appId,
      client_secret: APP.appSecret,
      refresh_token: refreshToken,
    });
  });

  it('an authorization code is exchanged with POST /oauth/access as AppStrategy’s handleOAuthCallback does', async () => {
    // Prepare: what Wix redirects to after an install (wixflow's /oauth/callback reads the same parameters).
    const code = 'OAUTH-AUTHORIZATION-CODE';
    const callback = `https://wixflow.example.com/oauth/callback?code=${code}&instanceId=${INSTANCE_ID}`;
    // Act
    const ours = await recordFetch(() => requestLegacyTokens(createWixHttp(BASE_URL), APP, { code }), tokens);
    const client = createClient({ modules: {}, auth: AppStrategy(APP) });
    const wix = await recordFetch(() => client.auth.handleOAuthCallback(callback), tokens);
    // Assess
    expect(ours.map(tokenRequestOf)).toEqual(wix.map(tokenRequestOf));
    expect(ours[0]?.body).toMatchObject({ grant_type: 'authorization_code', code });
  });
});
