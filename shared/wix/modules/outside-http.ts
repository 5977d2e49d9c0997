import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import ky, { type KyInstance } from 'ky';
import { CallError } from '#shared/call-error.ts';
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

/** A failed call to a URL outside Wix: no answer, a refused address, too many redirects, or an error status. */
export class OutsideHttpError extends CallError {
  override readonly name = 'OutsideHttpError';
}

/** Calls to URLs outside Wix (no Wix auth), for `http.request`. Resolves with any HTTP status. */
export interface OutsideHttp {
  request(request: OutsideRequest): Promise<OutsideResponse>;
}

/** Addresses no rule may call: link-local (cloud instance metadata lives there) and "this host". */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('::', 'ipv6');
// EC2's IPv6 instance metadata address (unique-local, so not covered above).
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Why `address` may not be called, or undefined when it may. Loopback is refused unless `allowLoopback`: on
 * Lambda it is the Lambda Runtime API. IPv4-mapped IPv6 addresses are judged as the IPv4 address.
 */
export function refusedAddress(address: string, allowLoopback: boolean): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (ALWAYS_REFUSED.check(ip, family)) return `${ip} is a link-local or unspecified address`;
  if (!allowLoopback && LOOPBACK.check(ip, family)) return `${ip} is a loopback address`;
  return undefined;
}

export interface OutsideHttpOptions {
  timeoutMs?: number;
  /**
   * Whether rules may call loopback addresses. The local stack allows it (a service on your machine); the
   * consumer Lambda does not: there, 127.0.0.1 is the Lambda Runtime API. @default true
   */
  allowLoopback?: boolean;
  /** Resolves a host name to its addresses (tests); @default node:dns lookup of every address */
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The default OutsideHttp on ky: no retries (delivery owns retrying), no throwing on 4xx/5xx; a timeout or
 * network failure throws a retryable OutsideHttpError naming the host only (URLs may carry secrets, e.g. Slack hooks).
 * Every hop (redirects are followed here, at most five) is checked first: a host that is, or resolves to, a
 * refused address (`refusedAddress`) fails the step for good without a request. Authorization and Cookie
 * headers are not carried to another origin. A host's DNS answer may still change between the check and the
 * connection (DNS rebinding); the check stops rules from naming such addresses, not a hostile DNS server.
 */
export function createOutsideHttp(options: OutsideHttpOptions = {}): OutsideHttp {
  const http: KyInstance = ky.create({ retry: 0, throwHttpErrors: false, redirect: 'manual' });
  const allowLoopback = options.allowLoopback ?? true;
  const resolve = options.resolve ?? resolveAll;

  const check = async (url: URL, what: string) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch (error) {
      throw noAnswerError(error, what, OutsideHttpError);
    }
    for (const address of addresses) {
      const why = refusedAddress(address, allowLoopback);
      if (why)
        throw new OutsideHttpError(`${what} refused: ${why}`, { code: 'ADDRESS_REFUSED', retryable: false });
    }
  };

  return {
    async request(request) {
      let url = new URL(request.url);
      let method = request.method;
      let headers = request.headers;
      let body: { body?: string; json?: unknown } =
        request.body === undefined
          ? {}
          : typeof request.body === 'string'
            ? { body: request.body }
            : { json: request.body };
      // Appended to the URL's own query (ky's searchParams option would replace it).
      for (const [name, value] of searchParamsOf(request.query)) url.searchParams.append(name, value);
      for (let hop = 0; ; hop++) {
        const what = `${method} ${safeHost(url.href)}`;
        await check(url, what);
        let response: Response;
        try {
          response = await http(url, {
            method,
            headers,
            timeout: request.timeoutMs ?? options.timeoutMs ?? 15_000,
            ...body,
          });
        } catch (error) {
          // The host only: URLs may carry secrets (e.g. Slack hook paths).
          throw noAnswerError(error, what, OutsideHttpError);
        }
        const location = response.headers.get('location');
        if (!REDIRECTS.has(response.status) || location === null) {
          const parsed = await readBody(response, { jsonOnly: true });
          return {
            status: response.status,
            headers: Object.fromEntries(response.headers.entries()),
            body: parsed,
          };
        }
        await response.body?.cancel();
        if (hop === MAX_REDIRECTS) {
          throw new OutsideHttpError(`${what} redirected more than ${MAX_REDIRECTS} times`, {
            code: 'REDIRECTS',
            retryable: false,
          });
        }
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new OutsideHttpError(`${what} redirected to a non-http URL`, {
            code: 'REDIRECTS',
            retryable: false,
          });
        }
        // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          if (method !== 'HEAD') method = 'GET';
          body = {};
        }
        if (next.origin !== url.origin && headers) {
          headers = Object.fromEntries(
            Object.entries(headers).filter(([name]) => !/^(authorization|cookie)$/i.test(name)),
          );
        }
        url = next;
      }
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
