import { describe, expect, it } from 'vitest';
import { TokenCache } from '#shared/wix/client/token-cache.ts';

describe('access token cache', () => {
  it('renews a 5-minute legacy token a minute before it expires', () => {
    // Prepare
    const cache = new TokenCache();
    cache.store('k', 'token', 300_000, 0);

    // Act
    const justBefore = cache.fresh('k', 239_999);
    const atRenewal = cache.fresh('k', 240_000);

    // Assess
    expect(justBefore).toBe('token');
    expect(atRenewal).toBeUndefined();
  });

  it('renews a 4-hour client-credentials token five minutes before it expires', () => {
    const cache = new TokenCache();
    cache.store('k', 'token', 14_400_000, 0);

    expect(cache.fresh('k', 14_100_000 - 1)).toBe('token');
    expect(cache.fresh('k', 14_100_000)).toBeUndefined();
  });

  it('shares one mint among callers that ask at the same time, and mints again afterwards', async () => {
    // Prepare
    const cache = new TokenCache();
    let mints = 0;
    const mint = async () => {
      mints += 1;
      await new Promise((r) => setTimeout(r, 5));
      return cache.store('k', `token-${mints}`, 300_000, 0);
    };

    // Act
    const together = await Promise.all([cache.once('k', mint), cache.once('k', mint), cache.once('k', mint)]);
    const later = await cache.once('k', mint);

    // Assess
    expect(together.map((t) => t.token)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(later.token).toBe('token-2');
  });

  it('forgets a token Wix refused', () => {
    const cache = new TokenCache();
    cache.store('k', 'token', 300_000, 0);

    cache.forget('k');

    expect(cache.fresh('k', 1)).toBeUndefined();
  });
});
