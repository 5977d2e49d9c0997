import { describe, expect, it } from 'vitest';
import { MAX_DELAY_S, retryDelaySeconds } from '#shared/consumer/retry-delay.ts';

describe('retryDelaySeconds', () => {
  it('grows exponentially from the base delay with the receive count', () => {
    const mid = () => 0.5;

    expect([1, 2, 3, 4].map((n) => retryDelaySeconds({ baseS: 30, receiveCount: n, random: mid }))).toEqual([
      30, 60, 120, 240,
    ]);
  });

  it('spreads retries with ±25 % jitter', () => {
    expect(retryDelaySeconds({ baseS: 40, receiveCount: 1, random: () => 0 })).toBe(30);
    expect(retryDelaySeconds({ baseS: 40, receiveCount: 1, random: () => 1 })).toBe(50);
  });

  it('never retries sooner than Wix’s Retry-After', () => {
    expect(retryDelaySeconds({ baseS: 30, receiveCount: 1, retryAfterS: 600, random: () => 0.5 })).toBe(600);
  });

  it('caps the delay at SQS’s 12 hour visibility limit', () => {
    expect(retryDelaySeconds({ baseS: 30, receiveCount: 40, random: () => 1 })).toBe(MAX_DELAY_S);
  });
});
