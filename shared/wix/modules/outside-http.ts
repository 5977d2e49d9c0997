import ky, { type KyInstance } from 'ky';
import { noAnswerError, readBody, searchParamsOf } from '#shared/wix/client/http-transport.ts';

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
          searchParams: searchParamsOf(request.query),
          timeout: request.timeoutMs ?? options.timeoutMs ?? 15_000,
          ...body,
        });
      } catch (error) {
        // The host only: URLs may carry secrets (e.g. Slack hook paths).
        throw noAnswerError(error, `${request.method} ${safeHost(request.url)}`);
      }
      const parsed = await readBody(response, { jsonOnly: true });
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
