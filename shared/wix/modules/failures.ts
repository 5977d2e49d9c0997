import { WixApiError } from '#shared/wix/client/wix-api-error.ts';

/**
 * A failure a module finds in a successful Wix answer (a bulk call that failed some items, a missing
 * prerequisite): a WixApiError so the step records Wix's code, marked not retryable.
 */
export const moduleFailure = (message: string, code: string, details?: unknown): WixApiError =>
  new WixApiError(message, { code, retryable: false, details });

/** True for a Wix 409 (a stale revision): the caller may fetch the fresh revision and try once more. */
export const isConflict = (error: unknown): error is WixApiError =>
  error instanceof WixApiError && error.status === 409;

/** Encodes one path segment. */
export const seg = (value: string): string => encodeURIComponent(value);
