import { authenticate } from './auth.ts';
import { applicationError, rateLimited, WixRefusal } from './errors.ts';
import { parseJson } from './http-io.ts';
import type { SlidingWindowLimiter } from './rate-limit.ts';
import { type ApiRoute, findRoute, type TokenRoute } from './router.ts';
import { apiRoutes, tokenRoutes } from './routes/index.ts';
import type { Caller, SandboxState } from './state.ts';

/** What the sandbox answered, and the app instance it acted for (when it knows one). */
export interface ApiOutcome {
  status: number;
  body: unknown;
  instanceId?: string;
}

export interface ApiCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  rawBody: string;
}

export interface AnswerApiDeps {
  state: SandboxState;
  limiter: SlidingWindowLimiter;
  clock: () => number;
  /** The fault this request is to fail with, or undefined. */
  injectFault: () => WixRefusal | undefined;
}

/** The rate-limit budget a call counts against: its app instance, its site (API key) or its account. */
const rateKey = (caller: Caller) => {
  if (caller.kind === 'app') return `instance:${caller.site.instanceId}`;
  if (caller.kind === 'apiKey') return `site:${caller.site.siteId}`;
  return `account:${caller.accountId}`;
};

const tokenInstance = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>).instance_id;
  return typeof value === 'string' ? value : undefined;
};

/**
 * Answers one Wix API call: a token endpoint, or an authenticated, rate-limited API route (with any fault
 * drawn). Throws WixRefusal when the caller cannot be authenticated.
 */
export async function answerApi(call: ApiCall, deps: AnswerApiDeps): Promise<ApiOutcome> {
  const { method, url, headers, rawBody } = call;
  const { state, limiter, clock, injectFault } = deps;
  const parsed = parseJson(rawBody);
  const tokenMatch = findRoute<TokenRoute>(tokenRoutes, method, url.pathname);
  if (tokenMatch) {
    // Token requests are answered but not counted against the instance's budget: Wix limits API requests
    // per app instance (docs/wix-behaviour.md#rate-limits), a token request is not made with the instance's
    // credentials, and counting it would let a busy instance lock itself out of refreshing its token.
    const instanceId = parsed.ok ? tokenInstance(parsed.value) : undefined;
    const fault = injectFault();
    if (fault) return { status: fault.status, body: fault.body, instanceId };
    if (!parsed.ok) {
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'Malformed JSON body' },
        instanceId,
      };
    }
    const result = tokenMatch.route.handler({ state, body: parsed.value, now: state.now() });
    return { status: result.status ?? 200, body: result.body, instanceId };
  }

  const apiMatch = findRoute<ApiRoute>(apiRoutes, method, url.pathname);
  if (!apiMatch) {
    const error = applicationError(404, 'NOT_FOUND', `No Wix API at ${method} ${url.pathname}`);
    return { status: error.status, body: error.body };
  }
  const caller = authenticate(headers, state);
  const instanceId = caller.kind === 'account' ? undefined : caller.site.instanceId;
  if (!limiter.tryTake(rateKey(caller), clock())) {
    const error = rateLimited(limiter.limit);
    return { status: error.status, body: error.body, instanceId };
  }
  const fault = injectFault();
  if (fault) return { status: fault.status, body: fault.body, instanceId };
  if (caller.kind === 'account') {
    // UNCONFIRMED: the sandbox serves only site-level APIs; an account-level key call to one is refused.
    const error = applicationError(403, 'PERMISSION_DENIED', 'This API needs a site: send wix-site-id');
    return { status: error.status, body: error.body };
  }
  if (!parsed.ok) {
    const error = applicationError(400, 'INVALID_ARGUMENT', 'Malformed JSON body');
    return { status: error.status, body: error.body, instanceId };
  }
  try {
    const result = apiMatch.route.handler({
      site: caller.site,
      state,
      params: apiMatch.params,
      query: url.searchParams,
      body: parsed.value,
      now: state.now(),
    });
    return { status: result.status ?? 200, body: result.body, instanceId };
  } catch (error) {
    // Recorded against the instance like any answer, so a site's 4xx show in its request log.
    if (error instanceof WixRefusal) return { status: error.status, body: error.body, instanceId };
    throw error;
  }
}
