const WINDOW_MS = 60_000;

/** A sliding 60-second window per key (an app instance, or a site for API-key calls). */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private perMinute: number) {}

  /** Changes the budget; requests already in the window keep counting against it. */
  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
  }

  get limit(): number {
    return this.perMinute;
  }

  /** Records one request for `key` at `nowMs` and tells whether it fits the budget; refused requests are not counted. */
  tryTake(key: string, nowMs: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((at) => at > nowMs - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return true;
  }
}
