/** SQS's longest visibility timeout (12 h), the longest a message can be held back. */
export const MAX_DELAY_S = 12 * 3600;

/**
 * How long a failed event waits before its next delivery: exponential from `baseS` by receive count, with
 * ±25 % jitter so a burst of failures does not come back as a burst, never shorter than Wix's Retry-After.
 */
export function retryDelaySeconds(options: {
  baseS: number;
  receiveCount: number;
  retryAfterS?: number;
  random?: () => number;
}): number {
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(options.receiveCount - 1, 0), 16);
  const backoff = options.baseS * 2 ** exponent * (0.75 + random() / 2);
  return Math.min(MAX_DELAY_S, Math.ceil(Math.max(backoff, options.retryAfterS ?? 0)));
}
