import type { CallError, CallErrorOptions } from '#shared/call-error.ts';

type QueryInput = Record<
  string,
  string | number | boolean | ReadonlyArray<string | number | boolean> | undefined
>;

/** Query parameters with arrays repeated (`a=1&a=2`) and undefined values left out. */
export function searchParamsOf(query: QueryInput | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  return params;
}

/**
 * The retryable `Kind` of error for a request that got no answer (`what` names it without secrets). Unless
 * the connection was never made, the other side may have acted before the answer was lost (`maybeApplied`).
 */
export function noAnswerError<E extends CallError>(
  error: unknown,
  what: string,
  Kind: new (message: string, options: CallErrorOptions) => E,
): E {
  const timedOut = (error as Error).name === 'TimeoutError';
  const cause = ((error as Error).cause as { code?: string } | undefined)?.code;
  const neverSent = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN';
  return new Kind(`${what} ${timedOut ? 'timed out' : `failed: ${(error as Error).message}`}`, {
    code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    retryable: true,
    maybeApplied: !neverSent,
  });
}

/** A response body as JSON when it parses (and, with `jsonOnly`, says it is JSON), else its text. */
export async function readBody(
  response: Response,
  options: { jsonOnly?: boolean; emptyAs?: unknown } = {},
): Promise<unknown> {
  const text = await response.text();
  if (text === '') return 'emptyAs' in options ? options.emptyAs : text;
  if (options.jsonOnly && !(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: keep the text (gateways answer some 5xx with HTML).
    return text;
  }
}
