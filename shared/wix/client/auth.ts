import { randomUUID } from 'node:crypto';
import type { KyInstance } from 'ky';
import * as z from 'zod';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { ConnectionTokenStore } from '#shared/store/connections.ts';
import { WixApiError, wixApiErrorFrom } from './wix-api-error.ts';
import { sendRaw, type WixAuth } from './wix-http-client.ts';

/** Client-credentials tokens live 4 h, legacy `/oauth/access` tokens 5 min (wix-api.md §1.0). */
const CLIENT_CREDENTIALS_LIFETIME_S = 14_400;
const LEGACY_ACCESS_LIFETIME_S = 300;

/** A token is renewed a fifth of its life (at most five minutes) before Wix says it expires. */
const renewalMargin = (lifetimeMs: number) => Math.min(5 * 60_000, lifetimeMs / 5);

interface CachedToken {
  token: string;
  /** When to stop using it: shortly before Wix says it expires. */
  renewAt: number;
}

/**
 * Access tokens per connection, with the one request in flight for each, kept for the life of the process
 * (a warm Lambda reuses them). Tests give each simulated process its own.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken | 'rejected'>>();

  /** The cached token for `key`, while it is still good at `now`. */
  fresh(key: string, now: number): string | undefined {
    const cached = this.tokens.get(key);
    return cached && cached.renewAt > now ? cached.token : undefined;
  }

  store(key: string, token: string, lifetimeMs: number, now: number): CachedToken {
    const cached = { token, renewAt: now + lifetimeMs - renewalMargin(lifetimeMs) };
    this.tokens.set(key, cached);
    return cached;
  }

  forget(key: string): void {
    this.tokens.delete(key);
  }

  /** Runs `mint` unless a mint for `key` is already in flight, whose result is shared instead (no stampede). */
  once<T extends CachedToken | 'rejected'>(key: string, mint: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const started = mint().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}

const processTokens = new TokenCache();

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
 * `POST /oauth/access` (wix-api.md §1.1 steps 4–5): exchanges an authorization code, or a refresh token, for
 * a 5-minute access token. Throws WixApiError with Wix's status and OAuth error code when Wix refuses.
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
