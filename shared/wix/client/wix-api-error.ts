/** A failed Wix call: Wix's message and application error code, and whether retrying can help. */
export class WixApiError extends Error {
  override readonly name = 'WixApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryable: boolean,
    readonly details?: unknown,
    /** Seconds Wix asked us to wait (Retry-After), when it said. */
    readonly retryAfterS?: number,
    /**
     * True when Wix may have carried the request out although it failed (a timeout or lost connection after
     * sending, a 500/502/504): repeating a non-idempotent request could then do it twice.
     */
    readonly maybeApplied = false,
    /** Wix's error body as it came. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Retrying helps with rate limits, Wix's server errors and no answer at all; never with 4xx that describe the request. */
export const isRetryableStatus = (status: number | undefined): boolean =>
  status === undefined || status === 408 || status === 429 || status >= 500;

/** Statuses after which the request may or may not have taken effect. */
const mayHaveApplied = (status: number) => status === 500 || status === 502 || status === 504;

interface WixErrorBody {
  message?: unknown;
  error?: unknown;
  error_description?: unknown;
  details?: { applicationError?: { code?: unknown; description?: unknown }; validationError?: unknown };
}

/** Parses a Retry-After header (seconds or an HTTP date) into whole seconds, or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Turns a Wix error response (standard `{message, details}` or OAuth `{error, error_description}`) into a WixApiError. */
export function wixApiErrorFrom(
  status: number,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): WixApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as WixErrorBody;
  const app = b.details?.applicationError;
  const code = typeof app?.code === 'string' ? app.code : typeof b.error === 'string' ? b.error : undefined;
  const text =
    (typeof b.message === 'string' && b.message) ||
    (typeof app?.description === 'string' && app.description) ||
    (typeof b.error_description === 'string' && b.error_description) ||
    (typeof body === 'string' && body.slice(0, 200)) ||
    '';
  const message = `Wix answered ${status} to ${method} ${path}${text ? `: ${text}` : ''}${code ? ` (${code})` : ''}`;
  return new WixApiError(
    message,
    status,
    code,
    isRetryableStatus(status),
    b.details,
    parseRetryAfter(headers['retry-after']),
    mayHaveApplied(status),
    body,
  );
}
