import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WixApi } from './wix-http-client.ts';

/** Paces Wix calls per site (app instance) under Wix's per-minute limit. */
export interface RateLimiter {
  /**
   * Resolves when a call for `site` may be made. Throws RateLimitWaitError when the next free slot is further
   * away than the caller should wait (the event is then retried later instead of holding a worker).
   */
  acquire(site: string): Promise<void>;
}

/** The next free slot is too far away to wait for in-process. */
export class RateLimitWaitError extends Error {
  override readonly name = 'RateLimitWaitError';
  constructor(readonly retryAfterS: number) {
    super(`the Wix rate limit of this site is used up for the next ${retryAfterS} s`);
  }
}

/**
 * How many calls second `s` (since the epoch) may carry so that every minute holds `perMinute` calls, spread
 * evenly: floor((s+1)·L/60) − floor(s·L/60). 200/min gives 3 or 4 a second, never a burst of more.
 */
export const slotsInSecond = (second: number, perMinute: number): number =>
  Math.floor(((second + 1) * perMinute) / 60) - Math.floor((second * perMinute) / 60);

export interface DynamoRateLimiterOptions {
  perMinute: number;
  /** Longest in-process wait for a slot before giving the event back to the queue. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A limiter shared by every consumer (every Lambda instance): each call reserves a slot in a per-site,
 * per-second counter in DynamoDB with one atomic ADD, moving on to later seconds when a second is full,
 * then waits for its slot's moment within that second.
 */
export class DynamoRateLimiter implements RateLimiter {
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoRateLimiterOptions,
  ) {
    if (!Number.isInteger(options.perMinute) || options.perMinute < 1) {
      throw new Error('the Wix rate limit must be a positive whole number of requests per minute');
    }
    this.maxWaitMs = options.maxWaitMs ?? 20_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async acquire(site: string): Promise<void> {
    const start = this.now();
    let second = Math.floor(start / 1000);
    const horizon = Math.floor((start + this.maxWaitMs) / 1000);
    while (second <= horizon) {
      const slots = slotsInSecond(second, this.options.perMinute);
      const taken = slots > 0 ? await this.take(site, second) : Number.POSITIVE_INFINITY;
      if (taken <= slots) {
        // The n-th slot of a second starts n/slots into it: calls are spread evenly, never bunched at its
        // start, so Wix's sliding minute sees the same pace as our calendar seconds.
        const wait = second * 1000 + Math.floor(((taken - 1) * 1000) / slots) - this.now();
        if (wait > 0) await this.sleep(wait);
        return;
      }
      second += 1;
    }
    throw new RateLimitWaitError(Math.ceil(this.maxWaitMs / 1000));
  }

  private async take(site: string, second: number): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `rate#${site}#${second}` },
        UpdateExpression: 'ADD calls :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeValues: { ':one': 1, ':expires': second + 600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.calls ?? Number.POSITIVE_INFINITY);
  }
}

/** A Wix client whose every request first takes a slot of `site`'s rate limit. */
export function rateLimited(api: WixApi, limiter: RateLimiter, site: string): WixApi {
  return {
    request: async (request) => {
      await limiter.acquire(site);
      return api.request(request);
    },
  };
}
