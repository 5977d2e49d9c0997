import { CallError, isRetryableStatus, mayHaveApplied, parseRetryAfter } from '#shared/call-error.ts';

/** A failed Wix call: Wix's message and application error code, and whether retrying can help. */
export class WixApiError extends CallError {
  override readonly name = 'WixApiError';
}

interface WixErrorBody {
  message?: unknown;
  error?: unknown;
  error_description?: unknown;
  details?: { applicationError?: { code?: unknown; description?: unknown }; validationError?: unknown };
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
  return new WixApiError(message, {
    status,
    code,
    retryable: isRetryableStatus(status),
    details: b.details,
    retryAfterS: parseRetryAfter(headers['retry-after']),
    maybeApplied: mayHaveApplied(status),
    body,
  });
}
