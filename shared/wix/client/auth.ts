import type { KyInstance } from 'ky';
import { wixApiErrorFrom } from './wix-api-error.ts';
import { sendRaw, type WixAuth } from './wix-http-client.ts';

/** Tokens are refreshed this long before Wix says they expire. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Access tokens per app instance, kept for the life of the process (a warm Lambda reuses them). */
const tokenCache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

export interface ClientCredentialsOptions {
  http: KyInstance;
  appId: string;
  /** Fetched only when a token has to be minted. */
  appSecret: () => Promise<string>;
  instanceId: string;
  now?: () => number;
}

/** Wix's client-credentials flow: `POST /oauth2/token` with the app id/secret and the instance id, cached until shortly before expiry. */
export class ClientCredentialsAuth implements WixAuth {
  private readonly key: string;
  private readonly now: () => number;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.key = `${options.appId}:${options.instanceId}`;
    this.now = options.now ?? Date.now;
  }

  async headers(): Promise<Record<string, string>> {
    const cached = tokenCache.get(this.key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) return { Authorization: cached.token };
    let pending = inFlight.get(this.key);
    if (!pending) {
      pending = this.mint().finally(() => inFlight.delete(this.key));
      inFlight.set(this.key, pending);
    }
    const fresh = await pending;
    return { Authorization: fresh.token };
  }

  invalidate(): void {
    tokenCache.delete(this.key);
  }

  private async mint(): Promise<CachedToken> {
    const body = {
      grant_type: 'client_credentials',
      client_id: this.options.appId,
      client_secret: await this.options.appSecret(),
      instance_id: this.options.instanceId,
    };
    const response = await sendRaw(this.options.http, { method: 'POST', path: '/oauth2/token', body }, {});
    if (response.status >= 400)
      throw wixApiErrorFrom(response.status, 'POST', '/oauth2/token', response.body);
    const { access_token: token, expires_in: expiresIn } = response.body as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (typeof token !== 'string' || token === '') {
      throw wixApiErrorFrom(502, 'POST', '/oauth2/token', { message: 'token response has no access_token' });
    }
    const lifetimeS = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 14_400;
    const cached = { token, expiresAt: this.now() + lifetimeS * 1000 };
    tokenCache.set(this.key, cached);
    return cached;
  }
}

/** An API key connection: `Authorization: <key>` plus exactly one of `wix-site-id` / `wix-account-id`. */
export class ApiKeyAuth implements WixAuth {
  constructor(
    private readonly apiKey: () => Promise<string>,
    private readonly scope: { siteId: string } | { accountId: string },
  ) {}

  async headers(): Promise<Record<string, string>> {
    const key = await this.apiKey();
    return 'siteId' in this.scope
      ? { Authorization: key, 'wix-site-id': this.scope.siteId }
      : { Authorization: key, 'wix-account-id': this.scope.accountId };
  }
}
