// `wixflow console`: a web app on loopback over the same stores the CLI uses. Only the person holding the
// printed URL's token can use it, and only from pages it served itself (docs/decisions/011-console.md).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CliContext } from '#cli/context.ts';
import { packagePath } from '#shared/package-root.ts';
import { html, page } from './html.ts';
import { connectionsView } from './views/connections.ts';
import { dlqView, eventDetail, eventsList, redriveDlq, replayEvents } from './views/events.ts';
import { overview } from './views/overview.ts';
import { ruleDetail, ruleEdit, ruleSave, rulesList, ruleTest, ruleToggle } from './views/rules.ts';
import { runDetail, runsList } from './views/runs.ts';
import { NotFound, type View, type ViewDeps } from './views/view.ts';

const COOKIE = 'wixflow_console';
const MAX_FORM_BYTES = 512 * 1024;
const ASSETS = packagePath('console', 'assets');
const HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // Never send the console's addresses to another site. (Not `no-referrer`: with it Chromium posts forms with
  // `Origin: null`, which the CSRF check must refuse.)
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

export interface ConsoleOptions {
  ctx: CliContext;
  /** 0 (default) picks a free port. The console only ever listens on 127.0.0.1. */
  port?: number;
  /** The token to require; a fresh 256-bit one by default. */
  token?: string;
  now?: () => number;
}

export interface RunningConsole {
  /** The console's address, without the token. */
  url: string;
  /** The address to open first: it carries the token, which the console then keeps in a cookie. */
  loginUrl: string;
  stop(): Promise<void>;
}

type Route = { method: 'GET' | 'POST'; pattern: RegExp; view: View };

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/$/, view: overview },
  { method: 'GET', pattern: /^\/runs$/, view: runsList },
  { method: 'GET', pattern: /^\/runs\/([^/]+)$/, view: runDetail },
  { method: 'GET', pattern: /^\/events$/, view: eventsList },
  { method: 'GET', pattern: /^\/events\/dlq$/, view: dlqView },
  { method: 'POST', pattern: /^\/events\/dlq\/redrive$/, view: redriveDlq },
  { method: 'POST', pattern: /^\/events\/replay$/, view: replayEvents },
  { method: 'GET', pattern: /^\/events\/([^/]+)$/, view: eventDetail },
  { method: 'GET', pattern: /^\/rules$/, view: rulesList },
  { method: 'GET', pattern: /^\/rules\/([^/]+)$/, view: ruleDetail },
  { method: 'GET', pattern: /^\/rules\/([^/]+)\/edit$/, view: ruleEdit },
  { method: 'POST', pattern: /^\/rules\/([^/]+)\/edit$/, view: ruleSave },
  { method: 'POST', pattern: /^\/rules\/([^/]+)\/test$/, view: ruleTest },
  { method: 'POST', pattern: /^\/rules\/([^/]+)\/enabled$/, view: ruleToggle },
  { method: 'GET', pattern: /^\/connections$/, view: connectionsView },
];

const ASSET_TYPES: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};
const assets = new Map(Object.keys(ASSET_TYPES).map((name) => [name, readFileSync(join(ASSETS, name))]));

/** Starts the console on 127.0.0.1; resolves once it listens. */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const deps: ViewDeps = {
    ctx: options.ctx,
    now: options.now ?? Date.now,
  };
  let origins: Set<string> = new Set();
  let hosts: Set<string> = new Set();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendPage(res, 500, errorPage(deps, `the console failed: ${(error as Error).message}`));
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
    if (!hosts.has(req.headers.host ?? ''))
      return sendText(res, 421, 'wrong Host: open the console at its own address');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (req.method === 'GET' && url.pathname.startsWith('/assets/')) {
      const name = url.pathname.slice('/assets/'.length);
      const body = assets.get(name);
      if (!body) return sendText(res, 404, 'no such asset');
      res.writeHead(200, { ...HEADERS, 'content-type': ASSET_TYPES[name] ?? 'application/octet-stream' });
      return res.end(body);
    }
    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!same(offered, token))
        return sendText(res, 401, 'this console link is not valid (the console prints a new one each start)');
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...HEADERS,
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
      });
      return res.end();
    }
    if (!same(cookieOf(req) ?? '', token)) {
      return sendText(res, 401, 'open the console with the link `wixflow console` (or `npm start`) printed');
    }
    const method = req.method === 'POST' ? 'POST' : req.method === 'GET' ? 'GET' : undefined;
    if (!method) return sendText(res, 405, 'the console answers GET and POST only');
    let form: URLSearchParams | undefined;
    if (method === 'POST') {
      // CSRF: a form posted from any other page carries that page's Origin (and SameSite keeps the cookie home).
      if (!origins.has(req.headers.origin ?? ''))
        return sendText(res, 403, 'refused: the request did not come from the console');
      const body = await readBody(req);
      if (body === undefined) return sendText(res, 413, 'form too large');
      form = new URLSearchParams(body);
    }
    for (const route of ROUTES) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      try {
        const result = await route.view(deps, {
          params: match.slice(1).map(decodeURIComponent),
          query: url.searchParams,
          form: form ?? new URLSearchParams(),
        });
        if ('redirect' in result) {
          res.writeHead(303, { ...HEADERS, location: result.redirect });
          return res.end();
        }
        return sendPage(res, result.status ?? 200, page({ ...result, stack: options.ctx.description }));
      } catch (error) {
        if (error instanceof NotFound) return sendPage(res, 404, errorPage(deps, error.message));
        throw error;
      }
    }
    return sendPage(res, 404, errorPage(deps, `no page at ${url.pathname}`));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    loginUrl: `${url}/?token=${token}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function sendPage(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

function errorPage(deps: ViewDeps, message: string): string {
  return page({
    title: 'Not found',
    current: '',
    stack: deps.ctx.description,
    body: html`<h1>Not found</h1><p>${message}</p><p><a href="/">Back to the overview</a></p>`,
  });
}
