import ky, { type KyInstance } from 'ky';
import { noAnswerError, readBody, searchParamsOf } from './http-transport.ts';
import { WixApiError, wixApiErrorFrom } from './wix-api-error.ts';

/** A 429 is retried in-process this many times when Wix asks for a short wait. */
const MAX_429_RETRIES = 2;
const MAX_IN_PROCESS_WAIT_S = 5;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** One call to the Wix REST API, path relative to the API base URL. */
export interface WixRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface WixResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** What action modules talk to: the real client, or a recorder for dry runs. */
export interface WixApi {
  /** Sends the request; resolves for 2xx, throws WixApiError otherwise (with `retryable` set). */
  request<T = unknown>(request: WixRequest): Promise<WixResponse<T>>;
}

/** Supplies the auth headers of one connection. */
export interface WixAuth {
  headers(): Promise<Record<string, string>>;
  /** Forgets a cached token so the next `headers()` mints a new one (after Wix answered 401). */
  invalidate?(): void;
}

export interface WixCall {
  method: HttpMethod;
  path: string;
  status: number;
  durationMs: number;
}

export interface WixHttpClientOptions {
  baseUrl: string;
  auth: WixAuth;
  timeoutMs?: number;
  /** Told about every call made, e.g. to record it in the run. */
  onCall?: (call: WixCall) => void;
  /**
   * Awaited before every HTTP attempt, retries included: the site's rate-limit slot (RateLimiter.acquire), so
   * a 429 or 401 retried here is paced like any other call. May throw (RateLimitWaitError) to give up.
   */
  beforeSend?: () => Promise<void>;
}

/** The Wix REST client on ky: adds the connection's auth, parses Wix's error bodies, retries a 401 once with a fresh token. */
export class WixHttpClient implements WixApi {
  private readonly http: KyInstance;

  constructor(private readonly options: WixHttpClientOptions) {
    this.http = createWixHttp(options.baseUrl, options.timeoutMs);
  }

  async request<T = unknown>(request: WixRequest): Promise<WixResponse<T>> {
    let response = await this.send(request);
    if (response.status === 401 && this.options.auth.invalidate) {
      this.options.auth.invalidate();
      response = await this.send(request);
    }
    // A 429 means Wix did nothing: waiting as it asks and trying again is safe for any method.
    for (let attempt = 0; response.status === 429 && attempt < MAX_429_RETRIES; attempt++) {
      const error = wixApiErrorFrom(429, request.method, request.path, response.body, response.headers);
      const waitS = error.retryAfterS ?? 1;
      if (waitS > MAX_IN_PROCESS_WAIT_S) break;
      await new Promise((resolve) => setTimeout(resolve, waitS * 1000 * (0.75 + Math.random() / 2)));
      response = await this.send(request);
    }
    if (response.status >= 400) {
      throw wixApiErrorFrom(response.status, request.method, request.path, response.body, response.headers);
    }
    return response as WixResponse<T>;
  }

  private async send(request: WixRequest): Promise<WixResponse> {
    await this.options.beforeSend?.();
    const started = performance.now();
    const headers = { ...request.headers, ...(await authHeaders(this.options.auth)) };
    const response = await sendRaw(this.http, request, headers);
    this.options.onCall?.({
      method: request.method,
      path: request.path,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
    });
    return response;
  }
}

/** A ky instance for the Wix API base URL: no ky retries (delivery owns retrying) and no throwing on 4xx/5xx. */
export function createWixHttp(baseUrl: string, timeoutMs = 15_000): KyInstance {
  return ky.create({ prefixUrl: baseUrl, retry: 0, timeout: timeoutMs, throwHttpErrors: false });
}

/** Sends one request and reads its body (JSON when it parses, else text); throws a retryable WixApiError when nothing answers. */
export async function sendRaw(
  http: KyInstance,
  request: WixRequest,
  headers: Record<string, string>,
): Promise<WixResponse> {
  let response: Response;
  try {
    response = await http(request.path.replace(/^\/+/, ''), {
      method: request.method,
      headers,
      searchParams: searchParamsOf(request.query),
      ...(request.body === undefined ? {} : { json: request.body }),
    });
  } catch (error) {
    throw noAnswerError(error, `${request.method} ${request.path}`, WixApiError);
  }
  const body = await readBody(response, { emptyAs: {} });
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
}

/** The auth headers; a failure to get a token means the call itself never left, so it cannot have applied. */
async function authHeaders(auth: WixAuth): Promise<Record<string, string>> {
  try {
    return await auth.headers();
  } catch (error) {
    if (error instanceof WixApiError && error.maybeApplied) throw error.with({ maybeApplied: false });
    throw error;
  }
}
