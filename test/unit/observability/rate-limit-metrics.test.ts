import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC } from '#shared/observability/metrics.ts';
import { meteredRateLimiter, meteredSleep } from '#shared/observability/rate-limit-metrics.ts';
import { RateLimitWaitError } from '#shared/wix/client/rate-limiter.ts';

function collect() {
  const lines: string[] = [];
  const metrics = createMetrics((line) => lines.push(line), { dimensions: { Stage: 'prod' } });
  const flushed = () => {
    metrics.flush();
    return Object.assign({}, ...lines.map((line) => JSON.parse(line) as Record<string, unknown>));
  };
  return { metrics, flushed };
}

describe('rate-limit metrics', () => {
  it('counts each wait for a slot and its length, and still waits', async () => {
    const { metrics, flushed } = collect();
    const slept: number[] = [];
    const sleep = meteredSleep(metrics, async (ms) => {
      slept.push(ms);
    });

    await sleep(300);
    await sleep(200);

    expect(slept).toEqual([300, 200]);
    expect(flushed()).toMatchObject({ [METRIC.rateLimitWaits]: 2, [METRIC.rateLimitWaitTime]: 500 });
  });

  it('counts a give-back when the next slot is too far away, and passes the error on', async () => {
    const { metrics, flushed } = collect();
    const limiter = meteredRateLimiter(
      {
        acquire: async () => {
          throw new RateLimitWaitError(20);
        },
      },
      metrics,
    );

    await expect(limiter.acquire('inst-1')).rejects.toBeInstanceOf(RateLimitWaitError);
    expect(flushed()).toMatchObject({ [METRIC.rateLimitGiveBacks]: 1 });
  });

  it('counts nothing for a slot taken at once, nor for a failure that is not a give-back', async () => {
    const { metrics, flushed } = collect();
    let calls = 0;
    const limiter = meteredRateLimiter(
      {
        acquire: async () => {
          calls += 1;
          if (calls === 2) throw new Error('DynamoDB is unreachable');
        },
      },
      metrics,
    );

    await limiter.acquire('inst-1');
    await expect(limiter.acquire('inst-1')).rejects.toThrow('unreachable');

    expect(flushed()).toEqual({});
  });
});
