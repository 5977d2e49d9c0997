import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

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
 * Milliseconds between two calls of one site: a minute's worth of slots is one short of the limit (302 ms at
 * Wix's 200/min, 199 a minute), so a call that reaches Wix a little late — network and event-loop jitter —
 * cannot push Wix's sliding minute over the limit.
 */
export const slotIntervalMs = (perMinute: number): number => Math.ceil(60_000 / Math.max(1, perMinute - 1));

export interface DynamoRateLimiterOptions {
  perMinute: number;
  /** Longest in-process wait for a slot before giving the event back to the queue. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Conditional writes lost to other consumers before a call gives up and retries later. */
const MAX_ATTEMPTS = 6;

const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/**
 * A limiter shared by every consumer (every Lambda instance): a metronome per site. The site's item in the
 * events table (`rate#<site>`) holds `nextAt`, the moment (epoch ms) of its next free slot. A call on a busy
 * site takes that slot and moves `nextAt` one interval on, with one conditional ADD; a call on an idle site
 * (no item, or `nextAt` past) goes at once and sets `nextAt` one interval ahead. So two calls of a site are
 * never closer than `slotIntervalMs`: no second holds more than its share and no minute reaches the limit,
 * however the calls arrive. Usually one write per call; a write lost to another consumer costs one
 * consistent read and a retry.
 */
export class DynamoRateLimiter implements RateLimiter {
  private readonly intervalMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The last `nextAt` this process saw per site: picks the write that will most likely succeed. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoRateLimiterOptions,
  ) {
    if (!Number.isInteger(options.perMinute) || options.perMinute < 1) {
      throw new Error('the Wix rate limit must be a positive whole number of requests per minute');
    }
    this.intervalMs = slotIntervalMs(options.perMinute);
    this.maxWaitMs = options.maxWaitMs ?? 20_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async acquire(site: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.now();
      const latest = now + this.maxWaitMs;
      const slot =
        (this.seen.get(site) ?? 0) >= now
          ? await this.takeNext(site, now, latest)
          : await this.takeIdle(site, now);
      if (slot !== undefined) {
        const wait = slot - this.now();
        if (wait > 0) await this.sleep(wait);
        return;
      }
      // Another consumer moved the site's clock: read where it stands and take the matching path.
      const nextAt = await this.read(site);
      if (nextAt > latest) throw new RateLimitWaitError(Math.ceil((nextAt - now) / 1000));
      this.seen.set(site, nextAt);
    }
    // Only under heavy contention for one site's clock: the event comes back shortly.
    throw new RateLimitWaitError(1);
  }

  /** Takes the slot at `nextAt` when it lies in [now, latest]; undefined when the condition failed. */
  private async takeNext(site: string, now: number, latest: number): Promise<number | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `rate#${site}` },
          UpdateExpression: 'ADD nextAt :interval SET expiresAt = :expires',
          ConditionExpression: 'nextAt >= :now AND nextAt <= :latest',
          ExpressionAttributeValues: {
            ':interval': this.intervalMs,
            ':now': now,
            ':latest': latest,
            ':expires': this.expiresAt(latest),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const nextAt = Number(out.Attributes?.nextAt);
      this.seen.set(site, nextAt);
      return nextAt - this.intervalMs;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Takes the slot `now` when the site is idle (no slot ahead); undefined when the condition failed. */
  private async takeIdle(site: string, now: number): Promise<number | undefined> {
    const nextAt = now + this.intervalMs;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `rate#${site}` },
          UpdateExpression: 'SET nextAt = :next, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(nextAt) OR nextAt < :now',
          ExpressionAttributeValues: { ':next': nextAt, ':now': now, ':expires': this.expiresAt(nextAt) },
        }),
      );
      this.seen.set(site, nextAt);
      return now;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The site's `nextAt` (0 when it has none), read consistently. */
  private async read(site: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `rate#${site}` },
        ConsistentRead: true,
        ProjectionExpression: 'nextAt',
      }),
    );
    return Number(out.Item?.nextAt ?? 0);
  }

  /** The item outlives its last slot by ten minutes (DynamoDB TTL, epoch seconds); an idle site needs none. */
  private expiresAt(ms: number): number {
    return Math.ceil(ms / 1000) + 600;
  }
}
