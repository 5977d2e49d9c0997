import { type RateLimiter, RateLimitWaitError } from '#shared/wix/client/rate-limiter.ts';
import { METRIC, type Metrics } from './metrics.ts';

/** A limiter that counts give-backs (the next slot was too far away; the event goes back to the queue). */
export function meteredRateLimiter(limiter: RateLimiter, metrics: Metrics): RateLimiter {
  return {
    acquire: async (site) => {
      try {
        await limiter.acquire(site);
      } catch (error) {
        if (error instanceof RateLimitWaitError) metrics.count(METRIC.rateLimitGiveBacks);
        throw error;
      }
    },
  };
}

/** The limiter's sleep, counting each wait for a slot and its length (DynamoRateLimiter's `sleep` option). */
export function meteredSleep(
  metrics: Metrics,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): (ms: number) => Promise<void> {
  return (ms) => {
    metrics.count(METRIC.rateLimitWaits);
    metrics.time(METRIC.rateLimitWaitTime, ms);
    return sleep(ms);
  };
}
