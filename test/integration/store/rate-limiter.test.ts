import { describe, expect, it } from 'vitest';
import { DynamoRateLimiter, RateLimitWaitError, slotIntervalMs } from '#shared/wix/client/rate-limiter.ts';
import { useLocalStores } from '../../support/local-stores.ts';
import { busiestWindow } from '../../support/windows.ts';

/** A fake clock that sleeping moves forward, so the limiter's pacing is observable without waiting. */
function fakeClock(startMs: number) {
  let now = startMs;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('slotIntervalMs', () => {
  it('spaces calls so that a minute holds one call fewer than the limit, as headroom for jitter', () => {
    expect(slotIntervalMs(200)).toBe(302);
    expect(slotIntervalMs(1200)).toBe(51);
    expect(slotIntervalMs(7)).toBe(10_000);
    expect(slotIntervalMs(1)).toBe(60_000);
  });
});

describe('DynamoRateLimiter (dynalite)', () => {
  const stores = useLocalStores();

  it('paces a burst evenly at the limit, never more than one second’s share in any second', async () => {
    // Prepare: two limiters (two Lambda instances) share one site's budget.
    const clock = fakeClock(1_700_000_000_000);
    const options = { perMinute: 200, maxWaitMs: 120_000, ...clock };
    const a = new DynamoRateLimiter(stores().db, stores().tables.events, options);
    const b = new DynamoRateLimiter(stores().db, stores().tables.events, options);
    const granted: number[] = [];

    // Act: 400 calls, alternating between the two.
    for (let i = 0; i < 400; i++) {
      await (i % 2 ? a : b).acquire('site-burst');
      granted.push(clock.now());
    }

    // Assess: 302 ms apart, so 4 in any second (200/60 rounded up) and 199 in any minute.
    expect(busiestWindow(granted, 1000)).toBe(4);
    expect(busiestWindow(granted, 60_000)).toBe(199);
    expect((granted.at(-1) ?? 0) - (granted[0] ?? 0)).toBe(399 * 302);
  });

  it('does not bunch calls that arrive together late in a second', async () => {
    // Prepare: consumers that arrive at the same moment, 900 ms into a second; each records when its slot
    // comes (sleeping does not move this clock, so every call sees the same "now").
    const start = 1_700_000_300_900;
    const slots: number[] = [];
    const limiters = Array.from(
      { length: 3 },
      () =>
        new DynamoRateLimiter(stores().db, stores().tables.events, {
          perMinute: 200,
          maxWaitMs: 60_000,
          now: () => start,
          sleep: async (ms) => {
            slots.push(start + ms);
          },
        }),
    );

    // Act: 12 calls at once across three consumers.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => limiters[i % 3]?.acquire('site-late') ?? Promise.resolve()),
    );

    // Assess: one call went at once (no sleep); the others are spread 302 ms apart after it.
    expect(slots.sort((x, y) => x - y)).toEqual(Array.from({ length: 11 }, (_, i) => start + (i + 1) * 302));
  });

  it('keeps sites apart: a busy site does not use another site’s budget', async () => {
    const clock = fakeClock(1_700_000_500_000);
    const limiter = new DynamoRateLimiter(stores().db, stores().tables.events, {
      perMinute: 60,
      maxWaitMs: 60_000,
      ...clock,
    });
    for (let i = 0; i < 30; i++) await limiter.acquire('site-busy');
    const before = clock.now();

    await limiter.acquire('site-quiet');

    expect(clock.now() - before).toBeLessThan(1000);
  });

  it('gives the event back when the next free slot is too far away', async () => {
    const clock = fakeClock(1_700_001_000_000);
    const limiter = new DynamoRateLimiter(stores().db, stores().tables.events, {
      perMinute: 60,
      maxWaitMs: 2_000,
      ...clock,
    });
    const frozen = { ...clock, sleep: async () => undefined };
    const holder = new DynamoRateLimiter(stores().db, stores().tables.events, {
      perMinute: 60,
      maxWaitMs: 60_000,
      ...frozen,
    });
    await holder.acquire('site-full');
    await holder.acquire('site-full');
    await holder.acquire('site-full');

    const refused = limiter.acquire('site-full');

    await expect(refused).rejects.toBeInstanceOf(RateLimitWaitError);
    // Three slots 1,017 ms apart are taken: the next is 3.05 s away.
    await expect(refused).rejects.toMatchObject({ retryAfterS: 4 });
  });
});
