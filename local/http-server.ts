import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { MAX_WEBHOOK_BYTES } from '#shared/wix/webhook/verify.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway rejects larger payloads before any Lambda runs; so does the local server. */
const MAX_BODY_BYTES = MAX_WEBHOOK_BYTES + 1;

export interface LocalHttpServer {
  url: string;
  port: number;
  server: Server;
  /** Serves `routeKey` (`"GET /oauth/install"`) with `handler`, as an API Gateway route to another Lambda. */
  route(routeKey: string, handler: HttpHandler): void;
  stop(): Promise<void>;
}

/**
 * Serves Lambda HTTP handlers the way API Gateway HTTP API (payload v2) invokes them: a request whose
 * `METHOD /path` has a route goes to that route's handler, every other request to `handler`.
 */
export async function startHttpServer(
  handler: HttpHandler,
  options: { port: number; host?: string; routes?: Record<string, HttpHandler> },
): Promise<LocalHttpServer> {
  const routes = new Map(Object.entries(options.routes ?? {}));
  const server = createServer((req, res) => {
    readBody(req)
      .then(async (body) => {
        if (body === undefined) {
          res.writeHead(413, { 'content-type': 'text/plain' }).end(`body exceeds ${MAX_WEBHOOK_BYTES} bytes`);
          return;
        }
        const event = withRouteTemplate(toApiGatewayEvent(req, body), routes.keys());
        const target = routes.get(event.routeKey) ?? handler;
        const result = await target(event, lambdaContext());
        res.writeHead(result.statusCode ?? 200, normaliseHeaders(result.headers)).end(result.body ?? '');
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        process.stderr.write(`local http server: ${(error as Error).stack ?? String(error)}\n`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    route: (routeKey, routeHandler) => {
      routes.set(routeKey, routeHandler);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads the body, or resolves undefined as soon as it passes the size limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toApiGatewayEvent(req: IncomingMessage, body: string): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${method} ${url.pathname}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
  };
}

/**
 * As API Gateway does for a route with path parameters (`POST /webhooks/automations/{token}`): the event's
 * routeKey is the template, never the path, and the parameters arrive in `pathParameters`.
 */
function withRouteTemplate(
  event: APIGatewayProxyEventV2,
  routeKeys: Iterable<string>,
): APIGatewayProxyEventV2 {
  for (const template of routeKeys) {
    if (!template.includes('{')) continue;
    const [method, pattern = ''] = template.split(' ');
    if (method !== event.requestContext.http.method) continue;
    const want = pattern.split('/');
    const got = event.rawPath.split('/');
    if (want.length !== got.length) continue;
    const params: Record<string, string> = {};
    const matches = want.every((part, i) => {
      const value = got[i] ?? '';
      if (!part.startsWith('{')) return part === value;
      params[part.slice(1, -1)] = safeDecode(value);
      return value !== '';
    });
    if (!matches) continue;
    return {
      ...event,
      routeKey: template,
      pathParameters: params,
      requestContext: { ...event.requestContext, routeKey: template },
    };
  }
  return event;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function normaliseHeaders(headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = String(v);
  return out;
}

/** A minimal Lambda context for handlers that read nothing from it. */
export function lambdaContext(name = 'wixflow-local'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
