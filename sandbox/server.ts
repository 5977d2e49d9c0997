import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { authenticate } from './auth.ts';
import { emitEnvelope } from './emit.ts';
import { applicationError, rateLimited, systemErrorBody, WixRefusal } from './errors.ts';
import { createIdentity, loadOrCreateIdentity, type SandboxIdentity } from './keys.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import { type ApiRoute, findRoute, type TokenRoute } from './router.ts';
import { apiRoutes, tokenRoutes } from './routes/index.ts';
import { answerInstaller, INSTALLER_PATH } from './routes/oauth.ts';
import { generateProducts } from './seed.ts';
import { createSite } from './sites.ts';
import { type Caller, type CatalogVersion, SandboxState } from './state.ts';

/** Fault injection: share of requests answered 500 / 429, and added latency. */
export interface SandboxFaults {
  /** 0..1: share of API requests answered 500 with Wix's empty system error body. */
  errorRate?: number;
  /** Milliseconds added before each API request is answered. */
  latencyMs?: number;
  /** 0..1: share of API requests answered 429 `RESOURCE_EXHAUSTED` regardless of the budget. */
  rateLimitRate?: number;
}

export interface SandboxOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** If set: the key pair, app credentials and demo site ids are kept in files there (mode 0600). */
  dataDir?: string;
  /** Default 200 (wix-api.md §5), per app instance (per site for API-key calls). */
  rateLimitPerMinute?: number;
  faults?: SandboxFaults;
  /** Called after each API request is answered. */
  onRequest?: (r: RecordedRequest) => void;
  /** For deterministic fault tests; default Math.random. */
  random?: () => number;
  /** Milliseconds since the epoch; default Date.now. Lets tests expire tokens and codes without waiting. */
  now?: () => number;
}

export interface EmitResult {
  eventType: string;
  instanceId: string;
  /** The decoded envelope that was signed and sent. */
  envelope: { eventType: string; instanceId: string; data: unknown; identity?: unknown };
  status: number;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
  instanceId?: string;
  at: string;
}

/**
 * A running sandbox. Its identity (SandboxIdentity): the app, its webhook key pair, the demo site's app
 * instance and site id (installed, catalog V1, with Wix Stores), an API key valid for every sandbox site
 * (`Authorization: <key>` + `wix-site-id`) and the account owning the sites (`wix-account-id` calls).
 */
export interface WixSandbox extends SandboxIdentity {
  /** e.g. http://127.0.0.1:43210 — use as WIX_API_BASE_URL. */
  url: string;
  /** Every API call, in order (not the /_sandbox admin routes). */
  requests: RecordedRequest[];
  addSite(opts?: { instanceId?: string; siteId?: string; catalogVersion?: CatalogVersion }): {
    instanceId: string;
    siteId: string;
  };
  /** Adds `count` plain products to a site's catalog (V1 or V3, as the site runs) for paging tests; returns their ids. */
  generateProducts(count: number, opts?: { instanceId?: string; prefix?: string }): string[];
  setFaults(f: SandboxFaults): void;
  setRateLimit(perMinute: number): void;
  /** A one-use authorization code for `POST /oauth/access` (valid 10 minutes); throws for an unknown instance. */
  createAuthCode(instanceId: string): string;
  /**
   * Starts an install from the App Market: the `token` Wix adds to the app's URL, for a new site (or the
   * given instance). `GET /installer/install?token=…` then installs on that site.
   */
  startInstall(opts?: { instanceId?: string; catalogVersion?: CatalogVersion }): {
    token: string;
    instanceId: string;
    siteId: string;
  };
  /** Ends every live access token of the instance now (the next call with one answers 401); returns how many. */
  expireAccessTokens(instanceId: string): number;
  /** Revokes the instance's refresh tokens (`POST /oauth/access` then answers `invalid_grant`); returns how many. */
  revokeRefreshTokens(instanceId: string): number;
  /** Whether each refresh answers a new refresh token and retires the old one (off by default, as Wix documents). */
  setRefreshTokenRotation(on: boolean): void;
  /** Signs an envelope with the sandbox's private key exactly as Wix signs webhooks (the raw request body). */
  signWebhook(envelope: { eventType: string; instanceId: string; data: unknown; identity?: unknown }): string;
  /**
   * Makes the event happen on a site (product creations create the product) and delivers the signed
   * webhook to `webhookUrl` as Wix would; resolves with the receiver's answer.
   */
  emit(eventType: string, target: { webhookUrl: string; instanceId?: string }): Promise<EmitResult>;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

const emitSchema = z.object({
  eventType: z.string().min(1),
  webhookUrl: z.url(),
  instanceId: z.string().min(1).optional(),
});

const faultsSchema = z
  .object({
    errorRate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    rateLimitRate: z.number().min(0).max(1).optional(),
  })
  .strict();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const flattenHeaders = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
};

const queryRecord = (params: URLSearchParams): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(applicationError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

const send = (res: ServerResponse, status: number, body: unknown) => {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
};

/** Starts the Wix sandbox: an in-memory Wix REST API with OAuth, rate limit, faults and webhook signing. */
export async function startWixSandbox(options: SandboxOptions = {}): Promise<WixSandbox> {
  const identity: SandboxIdentity = options.dataDir
    ? loadOrCreateIdentity(options.dataDir)
    : createIdentity();
  const clock = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const state = new SandboxState(
    identity.appId,
    identity.appSecret,
    identity.apiKey,
    identity.accountId,
    clock,
  );
  state.addSite(createSite(identity.siteId, identity.instanceId, 'V1_CATALOG', state.now()));
  const limiter = new SlidingWindowLimiter(options.rateLimitPerMinute ?? 200);
  let faults: SandboxFaults = faultsSchema.parse(options.faults ?? {});
  const requests: RecordedRequest[] = [];
  const privateKey: KeyObject = createPrivateKey(identity.privateKeyPem);

  const injectFault = (): WixRefusal | undefined => {
    if (faults.errorRate && random() < faults.errorRate) return new WixRefusal(500, systemErrorBody());
    if (faults.rateLimitRate && random() < faults.rateLimitRate) return rateLimited(limiter.limit);
    return undefined;
  };

  const rateKey = (caller: Caller) => {
    if (caller.kind === 'app') return `instance:${caller.site.instanceId}`;
    if (caller.kind === 'apiKey') return `site:${caller.site.siteId}`;
    return `account:${caller.accountId}`;
  };

  /** Answers one API call; returns status, body and the instance it acted for. */
  const answerApi = async (
    method: string,
    url: URL,
    headers: Record<string, string>,
    rawBody: string,
  ): Promise<{ status: number; body: unknown; instanceId?: string }> => {
    const parsed = parseJson(rawBody);
    const tokenMatch = findRoute<TokenRoute>(tokenRoutes, method, url.pathname);
    if (tokenMatch) {
      // Token requests are answered but not counted against the instance's budget: wix-api.md §5 limits
      // API requests per app instance, a token request is not made with the instance's credentials, and
      // counting it would let a busy instance lock itself out of refreshing its token.
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
  };

  const emit = async (
    eventType: string,
    target: { webhookUrl: string; instanceId?: string },
  ): Promise<EmitResult> => {
    const instanceId = target.instanceId ?? identity.instanceId;
    const envelope = emitEnvelope(state, eventType, instanceId);
    const response = await fetch(target.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: signWixWebhook(envelope, privateKey),
    });
    return { eventType, instanceId, envelope, status: response.status, body: await response.text() };
  };

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /_sandbox/health') return send(res, 200, { status: 'ok' });
    if (route === 'GET /_sandbox/requests') return send(res, 200, requests);
    if (route === 'DELETE /_sandbox/requests') {
      requests.length = 0;
      return send(res, 204, undefined);
    }
    if (route === 'GET /_sandbox/faults') return send(res, 200, faults);
    if (route === 'POST /_sandbox/faults') {
      const parsed = parseJson(await readBody(req));
      const result = parsed.ok ? faultsSchema.safeParse(parsed.value ?? {}) : undefined;
      if (!result?.success) {
        const error = applicationError(
          400,
          'INVALID_ARGUMENT',
          'Body must be {errorRate?, latencyMs?, rateLimitRate?}',
        );
        return send(res, 400, error.body);
      }
      faults = result.data;
      return send(res, 200, faults);
    }
    if (route === 'POST /_sandbox/emit') {
      const parsed = parseJson(await readBody(req));
      const body = parsed.ok ? emitSchema.safeParse(parsed.value) : undefined;
      if (!body?.success) {
        const error = applicationError(
          400,
          'INVALID_ARGUMENT',
          'Body must be {eventType, webhookUrl, instanceId?}',
        );
        return send(res, 400, error.body);
      }
      try {
        return send(res, 200, await emit(body.data.eventType, body.data));
      } catch (error) {
        const failure = applicationError(400, 'INVALID_ARGUMENT', (error as Error).message);
        return send(res, 400, failure.body);
      }
    }
    const error = applicationError(404, 'NOT_FOUND', `No sandbox admin route ${route}`);
    return send(res, 404, error.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname.startsWith('/_sandbox/')) return handleAdmin(req, res, url);
    const method = req.method ?? 'GET';
    const headers = flattenHeaders(req);
    let rawBody = '';
    let outcome: { status: number; body: unknown; instanceId?: string };
    try {
      rawBody = await readBody(req);
      if (faults.latencyMs) await sleep(faults.latencyMs);
      outcome =
        method === 'GET' && url.pathname === INSTALLER_PATH
          ? { status: 302, body: answerInstaller(state, url.searchParams) }
          : await answerApi(method, url, headers, rawBody);
    } catch (error) {
      if (error instanceof WixRefusal) {
        outcome = { status: error.status, body: error.body };
      } else {
        process.stderr.write(`wix sandbox: ${method} ${url.pathname} failed: ${String(error)}\n`);
        outcome = { status: 500, body: systemErrorBody() };
      }
    }
    if (outcome.status === 302)
      res.writeHead(302, { location: (outcome.body as { location: string }).location }).end();
    else send(res, outcome.status, outcome.body);
    const parsedBody = parseJson(rawBody);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers,
      body: parsedBody.ok ? parsedBody.value : rawBody,
      status: outcome.status,
      response: outcome.body,
      at: new Date(clock()).toISOString(),
    };
    if (outcome.instanceId !== undefined) recorded.instanceId = outcome.instanceId;
    requests.push(recorded);
    options.onRequest?.(recorded);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`wix sandbox: unhandled ${String(error)}\n`);
      if (!res.headersSent) send(res, 500, systemErrorBody());
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${port}`,
    appId: identity.appId,
    appSecret: identity.appSecret,
    publicKeyPem: identity.publicKeyPem,
    privateKeyPem: identity.privateKeyPem,
    instanceId: identity.instanceId,
    siteId: identity.siteId,
    apiKey: identity.apiKey,
    accountId: identity.accountId,
    requests,
    addSite(opts = {}) {
      const site = createSite(
        opts.siteId ?? randomUUID(),
        opts.instanceId ?? randomUUID(),
        opts.catalogVersion ?? 'V1_CATALOG',
        state.now(),
      );
      state.addSite(site);
      return { instanceId: site.instanceId, siteId: site.siteId };
    },
    generateProducts(count, opts = {}) {
      const site = state.siteByInstance(opts.instanceId ?? identity.instanceId);
      if (!site) throw new Error(`unknown instance ${opts.instanceId}`);
      return generateProducts(site, count, state.now(), opts.prefix);
    },
    setFaults(f) {
      faults = faultsSchema.parse(f);
    },
    setRateLimit(perMinute) {
      if (!Number.isInteger(perMinute) || perMinute < 0)
        throw new Error('rate limit must be a non-negative integer');
      limiter.setLimit(perMinute);
    },
    createAuthCode: (instanceId) => state.createAuthCode(instanceId),
    startInstall(opts = {}) {
      const site = opts.instanceId
        ? state.siteByInstance(opts.instanceId)
        : state.addSite(
            createSite(randomUUID(), randomUUID(), opts.catalogVersion ?? 'V1_CATALOG', state.now()),
          );
      if (!site) throw new Error(`unknown instance ${opts.instanceId}`);
      return {
        token: state.createInstallToken(site.instanceId),
        instanceId: site.instanceId,
        siteId: site.siteId,
      };
    },
    expireAccessTokens: (instanceId) => state.expireAccessTokens(instanceId),
    revokeRefreshTokens: (instanceId) => state.revokeRefreshTokens(instanceId),
    setRefreshTokenRotation(on) {
      state.rotateRefreshTokens = on;
    },
    signWebhook: (envelope) => signWixWebhook(envelope, privateKey),
    emit,
    stop: () => {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

const tokenInstance = (body: unknown): string | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>).instance_id;
  return typeof value === 'string' ? value : undefined;
};
