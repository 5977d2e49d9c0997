// The Wix-SDK oracle: records the exact HTTP request Wix's own SDK (`@wix/sdk` + `@wix/auto_sdk_*`) sends for an
// operation, and the request wixflow's module sends for the same logical input, both at the `fetch` boundary, so a
// contract test compares wire to wire. Test-only: nothing under shared/ or functions/ may import a Wix package.
import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { type WixAuth, WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import type { ActionModule } from '#shared/wix/modules/action-module.ts';
import { type CatalogVersion, CatalogVersions } from '#shared/wix/modules/catalog-version.ts';

const BASE_URL = 'https://www.wixapis.com';
const API_KEY = 'oracle-api-key';
const SITE_ID = 'oracle-site-id';
/** The API key and site id both sides authenticate with (auth contract tests compare the headers). */
export const ORACLE_API_KEY = { apiKey: API_KEY, siteId: SITE_ID } as const;

/** One request as it left the process, with the body parsed and the query split into sorted pairs. */
export interface WireRequest {
  /** Scheme and host, e.g. `https://www.wixapis.com`. */
  origin: string;
  method: string;
  path: string;
  query: [string, string][];
  body: unknown;
  headers: Record<string, string>;
}

/** Answers a recorded request: a JSON body (status 200) or a full response. */
export type Responder = (request: WireRequest) => unknown;

/** Runs `act` with `globalThis.fetch` replaced by a recorder; restores it whatever happens. */
export async function recordFetch(
  act: () => Promise<unknown>,
  respond: Responder = () => ({}),
): Promise<WireRequest[]> {
  const seen: WireRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = await wireRequestOf(input, init);
    seen.push(request);
    const answer = respond(request);
    if (answer instanceof Response) return answer;
    return new Response(JSON.stringify(answer ?? {}), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  try {
    await act();
  } finally {
    globalThis.fetch = original;
  }
  return seen;
}

async function wireRequestOf(input: string | URL | Request, init?: RequestInit): Promise<WireRequest> {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const text = await request.text();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    origin: url.origin,
    method: request.method,
    path: decodeURIComponent(url.pathname),
    query: [...url.searchParams.entries()].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y)),
    body: text === '' ? undefined : JSON.parse(text),
    headers,
  };
}

/**
 * What Wix's SDK sends: `call` gets a client made with `createClient({ modules, auth: ApiKeyStrategy })`.
 * Errors the SDK throws on a canned answer are ignored: the request already left.
 */
export async function sdkRequests<M extends Record<string, unknown>>(
  modules: M,
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's client type is built from the module map
  call: (client: any) => Promise<unknown>,
  respond?: Responder,
): Promise<WireRequest[]> {
  const client = createClient({ modules, auth: ApiKeyStrategy({ apiKey: API_KEY, siteId: SITE_ID }) });
  return recordFetch(() => call(client).catch(() => undefined), respond);
}

/**
 * What wixflow sends: runs the module through the real WixHttpClient with an API-key connection (or `auth`). The site's
 * catalog version is answered by the recorder (and left out of the result); `respond` answers the rest.
 */
export async function wixflowRequests(
  module: ActionModule,
  input: unknown,
  options: { catalog?: CatalogVersion; respond?: Responder; auth?: WixAuth; now?: () => number } = {},
): Promise<WireRequest[]> {
  const wix = new WixHttpClient({
    baseUrl: BASE_URL,
    auth: options.auth ?? new ApiKeyAuth(async () => API_KEY, { siteId: SITE_ID }),
  });
  const parsed = module.input.parse(input);
  const seen = await recordFetch(
    () =>
      module.run(parsed, {
        wix,
        connection: { id: 'oracle', instanceId: 'oracle-instance' },
        catalogVersions: new CatalogVersions(),
        step: { runId: 'oracle-run', stepId: 'oracle-step' },
        ...(options.now === undefined ? {} : { now: options.now }),
      }),
    (request) =>
      request.path === '/stores/v3/provision/version'
        ? { catalogVersion: options.catalog ?? 'V3_CATALOG' }
        : (options.respond?.(request) ?? {}),
  );
  return seen.filter((r) => r.path !== '/stores/v3/provision/version');
}

/** The parts a contract compares: method, path, query and body. */
export const contractOf = ({ method, path, query, body }: WireRequest) => ({ method, path, query, body });

/**
 * Drops query parameters the SDK echoes from path parameters (its GET/DELETE requests repeat `{productId}` as
 * `?productId=`); Wix routes by the path, so the echo is the SDK's own envelope, not part of the contract.
 */
export function withoutPathEchoes(request: WireRequest): WireRequest {
  const segments = new Set(request.path.split('/'));
  return { ...request, query: request.query.filter(([, value]) => !segments.has(value)) };
}

/**
 * Drops body fields the SDK echoes from path parameters: a POST or PATCH to `/orders/{orderId}/…` or
 * `/collections/{collection.id}` also carries `orderId` / `collection.id` in its body, because the SDK sends the
 * whole payload after filling the path from it. Only the named dotted fields go, and only when their value is a
 * segment of the path (else they are left, so the contract shows them).
 */
export function withoutBodyPathEchoes(request: WireRequest, ...fields: string[]): WireRequest {
  const segments = new Set(request.path.split('/'));
  const body = structuredClone(request.body);
  for (const field of fields) {
    const keys = field.split('.');
    const last = keys.pop() as string;
    let parent: unknown = body;
    for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
    const holder = parent as Record<string, unknown> | undefined;
    const value = holder?.[last];
    if (holder && typeof value === 'string' && segments.has(value)) delete holder[last];
  }
  return { ...request, body };
}

/**
 * The POST a GET-encoded read stands for: Wix's SDK sends Query / Search calls as `GET <path>?.r=<base64url JSON
 * body>` (its gateway's GET form of the same call), where the REST reference and wixflow POST the body to the
 * same path. Other requests are returned as they are.
 */
export function asPost(request: WireRequest): WireRequest {
  const encoded = request.method === 'GET' && request.query.length === 1 ? request.query[0] : undefined;
  if (encoded?.[0] !== '.r') return request;
  return {
    ...request,
    method: 'POST',
    query: [],
    body: JSON.parse(Buffer.from(encoded[1], 'base64url').toString('utf8')),
  };
}
