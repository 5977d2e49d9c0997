import { createPrivateKey, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { handleAdmin, type SandboxAdmin } from './admin-routes.ts';
import { type ApiOutcome, answerApi } from './answer-api.ts';
import { emitEnvelope } from './emit.ts';
import { systemErrorBody, WixRefusal } from './errors.ts';
import { drawFault, faultsSchema, type SandboxFaults } from './faults.ts';
import { flattenHeaders, parseJson, queryRecord, readBody, send } from './http-io.ts';
import { createIdentity, loadOrCreateIdentity, type SandboxIdentity } from './keys.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import { answerInstaller, INSTALLER_PATH } from './routes/oauth.ts';
import { generateProducts } from './seed.ts';
import { createSite, DEFAULT_SANDBOX_CATALOG, type DemoCatalog } from './sites.ts';

export { DEFAULT_SANDBOX_CATALOG, type DemoCatalog } from './sites.ts';

import { type CatalogVersion, SandboxState } from './state.ts';

export type { SandboxFaults } from './faults.ts';

export interface SandboxOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** If set: the key pair, app credentials and demo site ids are kept in files there (mode 0600). */
  dataDir?: string;
  /** Default 200 (docs/wix-behaviour.md#rate-limits), per app instance (per site for API-key calls). */
  rateLimitPerMinute?: number;
  faults?: SandboxFaults;
  /** Called after each API request is answered. */
  onRequest?: (r: RecordedRequest) => void;
  /** For deterministic fault tests; default Math.random. */
  random?: () => number;
  /** Milliseconds since the epoch; default Date.now. Lets tests expire tokens and codes without waiting. */
  now?: () => number;
  /**
   * The Stores catalog of the demo site and of every site created without one named (`addSite`,
   * `startInstall`, the installer's new sites); default Catalog V3, what new Wix stores run.
   */
  catalog?: DemoCatalog;
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
 * instance and site id (installed, with Wix Stores on Catalog V3 unless `catalog` says V1), an API key valid for every sandbox site
 * (`Authorization: <key>` + `wix-site-id`) and the account owning the sites (`wix-account-id` calls).
 */
export interface WixSandbox extends SandboxIdentity {
  /** e.g. http://127.0.0.1:43210 — use as WIX_API_BASE_URL. */
  url: string;
  /** The demo site's Stores catalog. */
  catalog: DemoCatalog;
  /** Every API call, in order (not the /_sandbox admin routes). */
  requests: RecordedRequest[];
  /** Adds an installed site (on the sandbox's `catalog` unless `catalogVersion` names one). */
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  const catalog = options.catalog ?? DEFAULT_SANDBOX_CATALOG;
  state.newSiteCatalog = catalog;
  state.addSite(createSite(identity.siteId, identity.instanceId, catalog, state.now()));
  const limiter = new SlidingWindowLimiter(options.rateLimitPerMinute ?? 200);
  let faults: SandboxFaults = faultsSchema.parse(options.faults ?? {});
  const requests: RecordedRequest[] = [];
  const privateKey: KeyObject = createPrivateKey(identity.privateKeyPem);

  const injectFault = () => drawFault(faults, random, limiter.limit);

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

  const admin: SandboxAdmin = {
    requests,
    faults: () => faults,
    setFaults: (f) => {
      faults = f;
    },
    emit,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname.startsWith('/_sandbox/')) return handleAdmin(req, res, url, admin);
    const method = req.method ?? 'GET';
    const headers = flattenHeaders(req);
    let rawBody = '';
    let outcome: ApiOutcome;
    try {
      rawBody = await readBody(req);
      if (faults.latencyMs) await sleep(faults.latencyMs);
      outcome =
        method === 'GET' && url.pathname === INSTALLER_PATH
          ? { status: 302, body: answerInstaller(state, url.searchParams) }
          : await answerApi({ method, url, headers, rawBody }, { state, limiter, clock, injectFault });
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
    catalog,
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
        opts.catalogVersion ?? catalog,
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
        : state.addSite(createSite(randomUUID(), randomUUID(), opts.catalogVersion ?? catalog, state.now()));
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
