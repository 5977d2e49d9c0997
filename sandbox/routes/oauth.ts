import { randomUUID } from 'node:crypto';
import { applicationError, oauthError } from '../errors.ts';
import { asEntity } from '../fixtures.ts';
import type { TokenContext, TokenRoute } from '../router.ts';
import { createSite } from '../sites.ts';
import { LEGACY_TOKEN_TTL_S, OAUTH2_TOKEN_TTL_S, type SandboxState } from '../state.ts';

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

const checkClient = (state: SandboxState, body: Record<string, unknown>) => {
  const clientId = str(body.client_id);
  const clientSecret = str(body.client_secret);
  if (!clientId || !clientSecret)
    throw oauthError('invalid_request', 'client_id and client_secret are required');
  if (clientId !== state.appId || clientSecret !== state.appSecret) {
    throw oauthError('invalid_client', 'Unknown client or wrong client secret');
  }
};

const readBody = (ctx: TokenContext) => {
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw oauthError('invalid_request', 'Request body must be a JSON object');
  }
  return asEntity(ctx.body);
};

/** `POST /oauth2/token`: client credentials + `instance_id` → a 4 h token (docs/wix-behaviour.md#client-credentials). */
function createAccessToken(ctx: TokenContext) {
  const body = readBody(ctx);
  if (body.grant_type !== 'client_credentials') {
    throw oauthError('unsupported_grant_type', 'grant_type must be client_credentials');
  }
  checkClient(ctx.state, body);
  const instanceId = str(body.instance_id);
  if (!instanceId) throw oauthError('invalid_request', 'instance_id is required');
  // Not stated by Wix (docs/wix-behaviour.md#client-credentials): the error for an instance without the app;
  // RFC 6749 has no better fit than invalid_grant for "this grant is not valid for this client".
  if (!ctx.state.siteByInstance(instanceId)) {
    throw oauthError('invalid_grant', `App is not installed on instance ${instanceId}`);
  }
  const accessToken = ctx.state.issueToken(instanceId, 'oauth2', OAUTH2_TOKEN_TTL_S);
  return { body: { access_token: accessToken, token_type: 'Bearer', expires_in: OAUTH2_TOKEN_TTL_S } };
}

/** `POST /oauth/access`: the legacy code exchange and refresh (docs/wix-behaviour.md#install-flow steps 4–5). */
function legacyAccess(ctx: TokenContext) {
  const body = readBody(ctx);
  const grantType = body.grant_type;
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw oauthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }
  checkClient(ctx.state, body);
  let instanceId: string | undefined;
  if (grantType === 'authorization_code') {
    const code = str(body.code);
    if (!code) throw oauthError('invalid_request', 'code is required');
    instanceId = ctx.state.consumeAuthCode(code);
    if (!instanceId)
      throw oauthError('invalid_grant', 'Authorization code is invalid, expired or already used');
  } else {
    const refreshToken = str(body.refresh_token);
    if (!refreshToken) throw oauthError('invalid_request', 'refresh_token is required');
    instanceId = ctx.state.instanceOfRefreshToken(refreshToken);
    if (!instanceId || !ctx.state.siteByInstance(instanceId)) {
      throw oauthError('invalid_grant', 'Refresh token is invalid');
    }
    if (ctx.state.rotateRefreshTokens) {
      return {
        body: {
          refresh_token: ctx.state.rotateRefreshToken(refreshToken),
          access_token: ctx.state.issueToken(instanceId, 'legacy', LEGACY_TOKEN_TTL_S),
        },
      };
    }
  }
  return {
    body: {
      refresh_token: ctx.state.refreshTokenFor(instanceId),
      access_token: ctx.state.issueToken(instanceId, 'legacy', LEGACY_TOKEN_TTL_S),
    },
  };
}

/** `POST /oauth2/token-info` (docs/wix-behaviour.md#token-info): RFC 7662-style introspection, values as strings. */
function tokenInfo(ctx: TokenContext) {
  const token = str(readBody(ctx).token);
  if (!token) throw oauthError('invalid_request', 'token is required');
  const issued = ctx.state.describeToken(token);
  const site = issued ? ctx.state.siteByInstance(issued.instanceId) : undefined;
  if (!issued || !site || issued.expiresAt <= ctx.now.getTime()) return { body: { active: false } };
  return {
    body: {
      active: 'true',
      subjectType: 'APP',
      subjectId: ctx.state.appId,
      exp: String(Math.floor(issued.expiresAt / 1000)),
      iat: String(Math.floor(issued.issuedAt / 1000)),
      clientId: ctx.state.appId,
      siteId: site.siteId,
      instanceId: site.instanceId,
    },
  };
}

/** The OAuth token endpoints (unauthenticated; they answer IETF-style errors). */
export const oauthRoutes: TokenRoute[] = [
  { method: 'POST', path: '/oauth2/token', handler: createAccessToken },
  { method: 'POST', path: '/oauth/access', handler: legacyAccess },
  { method: 'POST', path: '/oauth2/token-info', handler: tokenInfo },
];

/** Where the sandbox serves Wix's consent screen (on Wix: `https://www.wix.com/installer/install`). */
export const INSTALLER_PATH = '/installer/install';

/**
 * The consent screen of the install flow (docs/wix-behaviour.md#install-flow steps 2–3), as if the owner agreed at
 * once: checks `appId` and `redirectUrl`, installs the app (on the site of the install `token`, or on a new
 * site when the install started outside Wix) and redirects to `redirectUrl?code&state&instanceId`.
 * Throws a 400 Wix error for a wrong app id, a missing or non-http(s) redirect URL, or an unknown token.
 */
export function answerInstaller(state: SandboxState, query: URLSearchParams): { location: string } {
  const appId = query.get('appId');
  if (appId !== state.appId) {
    throw applicationError(400, 'INVALID_ARGUMENT', `Unknown appId ${appId ?? '(missing)'}`);
  }
  const redirectUrl = query.get('redirectUrl') ?? '';
  if (!URL.canParse(redirectUrl) || !/^https?:$/.test(new URL(redirectUrl).protocol)) {
    throw applicationError(400, 'INVALID_ARGUMENT', 'redirectUrl must be an absolute http(s) URL');
  }
  const token = query.get('token');
  let instanceId: string | undefined;
  if (token) {
    instanceId = state.instanceOfInstallToken(token);
    if (!instanceId) throw applicationError(400, 'INVALID_ARGUMENT', 'Install token is invalid or expired');
  } else {
    instanceId = state.addSite(
      createSite(randomUUID(), randomUUID(), state.newSiteCatalog, state.now()),
    ).instanceId;
  }
  const target = new URL(redirectUrl);
  target.searchParams.set('code', state.createAuthCode(instanceId));
  const echoed = query.get('state');
  if (echoed !== null) target.searchParams.set('state', echoed);
  target.searchParams.set('instanceId', instanceId);
  return { location: target.toString() };
}
