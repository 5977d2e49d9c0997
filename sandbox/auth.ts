import { applicationError, unauthenticated } from './errors.ts';
import type { Caller, SandboxState } from './state.ts';

/**
 * Authenticates an API call: `Authorization: <access token>` (a `Bearer ` prefix is tolerated: Wix does not
 * say, docs/wix-behaviour.md#authorization-header), or the API key with exactly one of `wix-site-id` / `wix-account-id`.
 * Throws 401 for a missing, unknown or expired credential and 400 when both id headers are sent.
 */
export function authenticate(headers: Record<string, string>, state: SandboxState): Caller {
  const raw = headers.authorization?.trim();
  if (!raw) throw unauthenticated('Missing Authorization header');
  const credential = raw.replace(/^Bearer\s+/i, '');
  const siteIdHeader = headers['wix-site-id'];
  const accountIdHeader = headers['wix-account-id'];

  if (credential === state.apiKey) {
    if (siteIdHeader !== undefined && accountIdHeader !== undefined) {
      throw applicationError(400, 'INVALID_ARGUMENT', 'Send either wix-site-id or wix-account-id, not both');
    }
    if (siteIdHeader !== undefined) {
      const site = state.siteById(siteIdHeader);
      // The key belongs to the account that owns every sandbox site; an unknown site is not its site.
      if (!site) throw unauthenticated(`API key is not valid for site ${siteIdHeader}`);
      return { kind: 'apiKey', site };
    }
    if (accountIdHeader !== undefined) {
      if (accountIdHeader !== state.accountId) {
        throw unauthenticated(`API key is not valid for account ${accountIdHeader}`);
      }
      return { kind: 'account', accountId: accountIdHeader };
    }
    throw unauthenticated('API key calls need a wix-site-id or wix-account-id header');
  }

  const resolved = state.resolveToken(credential);
  if (resolved === 'expired') throw unauthenticated('Access token expired');
  if (resolved === 'unknown') throw unauthenticated('Invalid access token');
  return { kind: 'app', site: resolved.site, tokenKind: resolved.kind };
}
