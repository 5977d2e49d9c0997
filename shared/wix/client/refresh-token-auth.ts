import { randomUUID } from 'node:crypto';
import type { KyInstance } from 'ky';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { ConnectionTokenStore } from '#shared/store/connections.ts';
import { isRefreshTokenRejection, type LegacyTokens, requestLegacyTokens } from './legacy-tokens.ts';
import { type CachedToken, processTokens, type TokenCache } from './token-cache.ts';
import { WixApiError } from './wix-api-error.ts';
import type { WixAuth } from './wix-http-client.ts';

export interface RefreshTokenOptions {
  http: KyInstance;
  appId: string;
  appSecret: () => Promise<string>;
  connectionId: string;
  /** The connection's app instance (part of the cache key: a connection id may be reused for another site). */
  instanceId: string;
  /** Read without a cache: another process may have rotated the token since. */
  secrets: SecretStore;
  /** The connection's item: the refresh lease, and where a rejected refresh token is recorded. */
  store: ConnectionTokenStore;
  /** The connection's client-credentials auth, used once Wix rejects the refresh token. */
  fallback: WixAuth;
  /** The connection already says its refresh token was rejected. */
  rejected: boolean;
  /** Told once when Wix rejects the refresh token. */
  onRejected?: (error: WixApiError) => void;
  cache?: TokenCache;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long one process may hold the refresh lease (covers the token request and storing a new token). */
  leaseMs?: number;
  /** How long to wait for another process's refresh before giving up with a retryable error. */
  waitMs?: number;
}

const DEFAULT_LEASE_MS = 20_000;
const DEFAULT_WAIT_MS = 25_000;

/**
 * A legacy-install connection: 5-minute access tokens from `POST /oauth/access` (grant refresh_token),
 * cached until shortly before expiry. One refresh at a time per connection across processes (a lease on the
 * connection's item; the refresh token is read again once the lease is held), a rotated refresh token is
 * stored before its access token is used, and when Wix rejects the refresh token the connection records it
 * and continues with client credentials. Throws a retryable WixApiError when the lease stays busy.
 */
export class RefreshTokenAuth implements WixAuth {
  private readonly key: string;
  private readonly cache: TokenCache;
  private readonly now: () => number;
  private rejected: boolean;

  constructor(private readonly options: RefreshTokenOptions) {
    this.key = `legacy:${options.appId}:${options.connectionId}:${options.instanceId}`;
    this.cache = options.cache ?? processTokens;
    this.now = options.now ?? Date.now;
    this.rejected = options.rejected;
  }

  async headers(): Promise<Record<string, string>> {
    if (!this.rejected) {
      const cached = this.cache.fresh(this.key, this.now());
      if (cached) return { Authorization: cached };
      const refreshed = await this.cache.once(this.key, () => this.refreshUnderLease());
      if (refreshed !== 'rejected') return { Authorization: refreshed.token };
      this.rejected = true;
    }
    return this.options.fallback.headers();
  }

  invalidate(): void {
    if (this.rejected) this.options.fallback.invalidate?.();
    else this.cache.forget(this.key);
  }

  private async refreshUnderLease(): Promise<CachedToken | 'rejected'> {
    const { store, connectionId } = this.options;
    const owner = randomUUID();
    await this.acquireLease(owner);
    try {
      // Another process may have recorded a rejection, or stored a rotated token, while we waited.
      const connection = await store.get(connectionId);
      if (connection?.auth.kind !== 'refreshToken') {
        throw new WixApiError(`connection ${connectionId} no longer uses a refresh token`, {
          code: 'CONNECTION_CHANGED',
          retryable: false,
        });
      }
      if (connection.auth.refreshTokenRejectedAt) return 'rejected';
      const { secretId } = connection.auth;
      const refreshToken = await this.options.secrets.get(secretId);
      if (!refreshToken) {
        throw new WixApiError(
          `the refresh token of connection ${connectionId} is missing from the secret store; install the app again`,
          { code: 'REFRESH_TOKEN_MISSING', retryable: false },
        );
      }
      let tokens: LegacyTokens;
      try {
        tokens = await requestLegacyTokens(
          this.options.http,
          { appId: this.options.appId, appSecret: await this.options.appSecret() },
          { refreshToken },
        );
      } catch (error) {
        if (!isRefreshTokenRejection(error)) throw error;
        await store.markRefreshTokenRejected(connectionId, new Date(this.now()).toISOString());
        this.options.onRejected?.(error as WixApiError);
        return 'rejected';
      }
      if (tokens.refreshToken && tokens.refreshToken !== refreshToken) {
        // Wix rotated the token: keep the new one before anything uses the access token it came with.
        await this.options.secrets.put(secretId, tokens.refreshToken);
      }
      return this.cache.store(this.key, tokens.accessToken, tokens.lifetimeMs, this.now());
    } finally {
      await store.releaseRefreshLease(connectionId, owner).catch(() => undefined);
    }
  }

  private async acquireLease(owner: string): Promise<void> {
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const deadline = this.now() + (this.options.waitMs ?? DEFAULT_WAIT_MS);
    let pause = 25;
    while (
      !(await this.options.store.acquireRefreshLease(this.options.connectionId, owner, leaseMs, this.now()))
    ) {
      if (this.now() >= deadline) {
        throw new WixApiError(
          `connection ${this.options.connectionId}: another process is still refreshing its token`,
          { code: 'TOKEN_REFRESH_BUSY', retryable: true },
        );
      }
      await sleep(pause + Math.floor(Math.random() * pause));
      pause = Math.min(pause * 2, 500);
    }
  }
}
