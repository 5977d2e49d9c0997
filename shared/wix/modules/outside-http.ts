import ky, { type KyInstance } from 'ky';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';

export interface OutsideRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
}

export interface OutsideResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else its text. */
  body: unknown;
}

/** Calls to URLs outside Wix (no Wix auth), for `http.request`. Resolves with any HTTP status. */
export interface OutsideHttp {
  request(request: OutsideRequest): Promise<OutsideResponse>;
}

/**
 * The default OutsideHttp on ky: no retries (delivery owns retrying), no throwing on 4xx/5xx; a timeout or
 * network failure throws a retryable WixApiError naming the host only (URLs may carry secrets, e.g. Slack hooks).
 */
export function createOutsideHttp(options: { timeoutMs?: number } = {}): OutsideHttp {
  const http: KyInstance = ky.create({ retry: 0, throwHttpErrors: false, redirect: 'follow' });
  return {
    async request(request) {
      const searchParams = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query ?? {}))
        for (const v of Array.isArray(value) ? value : [value]) searchParams.append(key, String(v));
      const body =
        request.body === undefined
          ? {}
          : typeof request.body === 'string'
            ? { body: request.body }
            : { json: request.body };
      let response: Response;
      try {
        response = await http(request.url, {
          method: request.method,
          headers: request.headers,
          searchParams,
          timeout: request.timeoutMs ?? options.timeoutMs ?? 15_000,
          ...body,
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        const host = safeHost(request.url);
        const cause = ((error as Error).cause as { code?: string } | undefined)?.code;
        const neverSent = cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN';
        throw new WixApiError(
          `${request.method} ${host} ${timedOut ? 'timed out' : `failed: ${(error as Error).message}`}`,
          undefined,
          timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
          true,
          undefined,
          undefined,
          // Unless the connection was never made, the other side may have acted before the answer was lost.
          !neverSent,
        );
      }
      const text = await response.text();
      let parsed: unknown = text;
      if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
      }
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: parsed,
      };
    },
  };
}

/** `https://host` of a URL, without path or query (which may hold secrets). */
export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'the URL';
  }
}

let shared: OutsideHttp | undefined;
/** One default client per process. */
export const defaultOutsideHttp = (): OutsideHttp => {
  shared ??= createOutsideHttp();
  return shared;
};
