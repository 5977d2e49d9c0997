/** What a failed call to another service says about itself. */
export interface CallErrorOptions {
  /** The HTTP status of the answer; absent when nothing answered or the request was never sent. */
  status?: number;
  /** The service's application error code, or one of ours (`TIMEOUT`, `ADDRESS_REFUSED`, …). */
  code?: string;
  /** Whether delivering the event again can help. */
  retryable: boolean;
  details?: unknown;
  /** Seconds the service asked us to wait (Retry-After), when it said. */
  retryAfterS?: number;
  /**
   * True when the service may have carried the request out although it failed (a timeout or lost
   * connection after sending, a 500/502/504): repeating a non-idempotent request could then do it twice.
   * @default false
   */
  maybeApplied?: boolean;
  /** The error body as it came. */
  body?: unknown;
}

/**
 * A failed call to another service (Wix, or a URL a rule calls): its status and code, and whether retrying
 * can help. Rule runs read these fields to record the step and decide on a retry; throw a subclass.
 */
export abstract class CallError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryable: boolean;
  readonly details: unknown;
  readonly retryAfterS: number | undefined;
  readonly maybeApplied: boolean;
  readonly body: unknown;

  constructor(message: string, options: CallErrorOptions) {
    super(message);
    this.status = options.status;
    this.code = options.code;
    this.retryable = options.retryable;
    this.details = options.details;
    this.retryAfterS = options.retryAfterS;
    this.maybeApplied = options.maybeApplied ?? false;
    this.body = options.body;
  }

  /** The same failure with some fields changed, as the same kind of error. */
  with(changes: Partial<CallErrorOptions>): this {
    const Kind = this.constructor as new (message: string, options: CallErrorOptions) => this;
    return new Kind(this.message, { ...this.options(), ...changes });
  }

  private options(): CallErrorOptions {
    return {
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      details: this.details,
      retryAfterS: this.retryAfterS,
      maybeApplied: this.maybeApplied,
      body: this.body,
    };
  }
}

/** Retrying helps with rate limits, server errors and no answer at all; never with 4xx that describe the request. */
export const isRetryableStatus = (status: number | undefined): boolean =>
  status === undefined || status === 408 || status === 429 || status >= 500;

/** Statuses after which the request may or may not have taken effect. */
export const mayHaveApplied = (status: number): boolean => status === 500 || status === 502 || status === 504;

/** Parses a Retry-After header (seconds or an HTTP date) into whole seconds, or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
