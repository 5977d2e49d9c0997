import type { KyInstance } from 'ky';
import * as z from 'zod';
import { type CachedToken, processTokens, type TokenCache } from './token-cache.ts';
import { wixApiErrorFrom } from './wix-api-error.ts';
import { sendRaw, type WixAuth } from './wix-http-client.ts';

/** Client-credentials tokens live 4 h (docs/wix-behaviour.md#token-lifetimes). */
const CLIENT_CREDENTIALS_LIFETIME_S = 14_400;

export interface ClientCredentialsOptions {
  http: KyInstance;
  appId: string;
  /** Fetched only when a token has to be minted. */
  appSecret: () => Promise<string>;
  instanceId: string;
  cache?: TokenCache;
  now?: () => number;
}

/** Wix's client-credentials flow: `POST /oauth2/token` with the app id/secret and the instance id, cached until shortly before expiry. */
export class ClientCredentialsAuth implements WixAuth {
  private readonly key: string;
  private readonly cache: TokenCache;
  private readonly now: () => number;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.key = `oauth2:${options.appId}:${options.instanceId}`;
    this.cache = options.cache ?? processTokens;
    this.now = options.now ?? Date.now;
  }

  async headers(): Promise<Record<string, string>> {
    const cached = this.cache.fresh(this.key, this.now());
    if (cached) return { Authorization: cached };
    const minted = await this.cache.once(this.key, () => this.mint());
    return { Authorization: minted.token };
  }

  invalidate(): void {
    this.cache.forget(this.key);
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
    const parsed = ClientCredentialsResponse.safeParse(response.body);
    if (!parsed.success) {
      throw wixApiErrorFrom(502, 'POST', '/oauth2/token', { message: 'token response has no access_token' });
    }
    const lifetimeS = parsed.data.expires_in ?? CLIENT_CREDENTIALS_LIFETIME_S;
    return this.cache.store(this.key, parsed.data.access_token, lifetimeS * 1000, this.now());
  }
}

const ClientCredentialsResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});
