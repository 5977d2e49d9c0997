/** A token is renewed a fifth of its life (at most five minutes) before Wix says it expires. */
const renewalMargin = (lifetimeMs: number) => Math.min(5 * 60_000, lifetimeMs / 5);

export interface CachedToken {
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

/** The cache every auth uses unless given its own: one per process, so a warm Lambda keeps its tokens. */
export const processTokens = new TokenCache();
