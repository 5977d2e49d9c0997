import type { KyInstance } from 'ky';
import * as z from 'zod';
import { WixApiError, wixApiErrorFrom } from './wix-api-error.ts';
import { sendRaw } from './wix-http-client.ts';

/** Legacy `/oauth/access` access tokens live 5 min (docs/wix-behaviour.md#token-lifetimes). */
const LEGACY_ACCESS_LIFETIME_S = 300;

const LegacyTokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  // Not in Wix's documented answer; honoured if Wix ever sends it.
  expires_in: z.number().positive().optional(),
});

export interface LegacyTokens {
  accessToken: string;
  /** The refresh token Wix answered: the same one, or a new one that replaces it. */
  refreshToken: string | undefined;
  lifetimeMs: number;
}

/**
 * `POST /oauth/access` (docs/wix-behaviour.md#install-flow steps 4–5): exchanges an authorization code, or a
 * refresh token, for a 5-minute access token. Throws WixApiError with Wix's status and OAuth error code when
 * Wix refuses.
 */
export async function requestLegacyTokens(
  http: KyInstance,
  app: { appId: string; appSecret: string },
  grant: { code: string } | { refreshToken: string },
): Promise<LegacyTokens> {
  const body =
    'code' in grant
      ? { grant_type: 'authorization_code', code: grant.code }
      : { grant_type: 'refresh_token', refresh_token: grant.refreshToken };
  const response = await sendRaw(
    http,
    {
      method: 'POST',
      path: '/oauth/access',
      body: { ...body, client_id: app.appId, client_secret: app.appSecret },
    },
    {},
  );
  if (response.status >= 400) throw wixApiErrorFrom(response.status, 'POST', '/oauth/access', response.body);
  const parsed = LegacyTokenResponse.safeParse(response.body);
  if (!parsed.success) {
    throw wixApiErrorFrom(502, 'POST', '/oauth/access', { message: 'token response has no access_token' });
  }
  return {
    accessToken: parsed.data.access_token,
    refreshToken: parsed.data.refresh_token,
    lifetimeMs: (parsed.data.expires_in ?? LEGACY_ACCESS_LIFETIME_S) * 1000,
  };
}

/**
 * Whether Wix refused the refresh token itself (so retrying with it is pointless), as opposed to refusing
 * the app (`invalid_client`), throttling, or failing.
 */
export function isRefreshTokenRejection(error: unknown): boolean {
  return (
    error instanceof WixApiError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    !error.retryable &&
    error.code !== 'invalid_client'
  );
}
