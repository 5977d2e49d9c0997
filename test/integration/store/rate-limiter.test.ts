import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startDynalite } from '#local/emulators.ts';
import { type LocalStores, openLocalStores } from '#local/stores.ts';
import { DynamoRateLimiter, RateLimitWaitError, slotsInSecond } from '#shared/wix/client/rate-limiter.ts';

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

describe('slotsInSecond', () => {
  it('spreads 200 calls a minute as 3 or 4 a second, exactly 200 in any whole minute', () => {
    const perSecond = Array.from({ length: 60 }, (_, s) => slotsInSecond(1_000_000 + s, 200));

    expect(new Set(perSecond)).toEqual(new Set([3, 4]));
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('gives low limits a call every few seconds', () => {
    const perSecond = Array.from({ length: 60 }, (_, s) => slotsInSecond(s, 20));

    expect(Math.max(...perSecond)).toBe(1);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(20);
  });
});

describe('DynamoRateLimiter (dynalite)', () => {
  let dynamo: Emulator;
  let stores: LocalStores;

  beforeAll(async () => {
    dynamo = await startDynalite();
    stores = await openLocalStores(dynamo.endpoint);
  });
  afterAll(async () => {
    stores.destroy();
    await dynamo.stop();
  });

  it('paces a burst evenly at the limit, never more than one second’s share in a second', async () => {
    // Prepare: two limiters (two Lambda instances) share one site's budget.
    const clock = fakeClock(1_700_000_000_000);
    const options = { perMinute: 200, maxWaitMs: 120_000, ...clock };
    const a = new DynamoRateLimiter(stores.db, stores.tables.events, options);
    const b = new DynamoRateLimiter(stores.db, stores.tables.events, options);
    const granted: number[] = [];

    // Act: 400 calls, alternating between the two.
    for (let i = 0; i < 400; i++) {
      await (i % 2 ? a : b).acquire('site-burst');
      granted.push(Math.floor(clock.now() / 1000));
    }

    // Assess
    const perSecond = new Map<number, number>();
    for (const s of granted) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(4);
    const spanS = (granted.at(-1) ?? 0) - (granted[0] ?? 0) + 1;
    expect(spanS).toBeGreaterThanOrEqual(119);
    expect(spanS).toBeLessThanOrEqual(121);
  });

  it('keeps sites apart: a busy site does not use another site’s budget', async () => {
    const clock = fakeClock(1_700_000_500_000);
    const limiter = new DynamoRateLimiter(stores.db, stores.tables.events, {
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
    const limiter = new DynamoRateLimiter(stores.db, stores.tables.events, {
      perMinute: 60,
      maxWaitMs: 2_000,
      ...clock,
    });
    const frozen = { ...clock, sleep: async () => undefined };
    const holder = new DynamoRateLimiter(stores.db, stores.tables.events, {
      perMinute: 60,
      maxWaitMs: 2_000,
      ...frozen,
    });
    await holder.acquire('site-full');
    await holder.acquire('site-full');
    await holder.acquire('site-full');

    await expect(limiter.acquire('site-full')).rejects.toBeInstanceOf(RateLimitWaitError);
  });
});
