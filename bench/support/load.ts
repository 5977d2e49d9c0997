import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The bench only ever talks to this machine. */
function loopbackUrl(url: string): URL {
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1' || parsed.protocol !== 'http:')
    throw new Error(`bench: refusing to send load to ${url} (loopback http://127.0.0.1 only)`);
  return parsed;
}

export interface Response {
  status: number;
  body: string;
}

/** One HTTP request over `agent`; resolves with the status and body text. */
export function send(
  agent: Agent,
  url: string,
  options: { method?: string; body?: string; contentType?: string } = {},
): Promise<Response> {
  const target = loopbackUrl(url);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        agent,
        method: options.method ?? 'POST',
        headers: {
          'content-type': options.contentType ?? 'text/plain',
          ...(options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`bench: no answer from ${url} in 30 s`)));
    req.end(options.body);
  });
}

export interface LoadResult {
  /** Requests answered 2xx. */
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  durationMs: number;
  /** Epoch ms at which each body was sent (undefined: not sent before the time cap). */
  sentAt: (number | undefined)[];
  latenciesMs: number[];
}

/**
 * POSTs `bodies` to `url` from `concurrency` keep-alive connections, each waiting for its answer before the next
 * (closed loop); stops early once `maxDurationMs` has passed.
 */
export async function postClosedLoop(
  url: string,
  bodies: readonly string[],
  options: { concurrency: number; maxDurationMs: number },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const sentAt: (number | undefined)[] = new Array(bodies.length).fill(undefined);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      const body = bodies[i];
      if (body === undefined || performance.now() - started > options.maxDurationMs) return;
      sentAt[i] = Date.now();
      const t0 = performance.now();
      try {
        const { status } = await send(agent, url, { body });
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) ok++;
        else failed++;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
        failed++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const durationMs = performance.now() - started;
  agent.destroy();
  return { ok, failed, statuses, durationMs, sentAt, latenciesMs: latencies };
}

/** POSTs `bodies` to `url` at a steady `ratePerS` (open loop: a send never waits for earlier answers). */
export async function postAtRate(
  url: string,
  bodies: readonly string[],
  ratePerS: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sentAt: (number | undefined)[] = new Array(bodies.length).fill(undefined);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const intervalMs = 1000 / ratePerS;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = bodies[i];
    sentAt[i] = Date.now();
    const t0 = performance.now();
    inFlight.push(
      send(agent, url, { body })
        .then(({ status }) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 200 && status < 300) ok++;
          else failed++;
        })
        .catch(() => {
          statuses.error = (statuses.error ?? 0) + 1;
          failed++;
        })
        .finally(() => latencies.push(performance.now() - t0)),
    );
  }
  await Promise.all(inFlight);
  const durationMs = performance.now() - started;
  agent.destroy();
  return { ok, failed, statuses, durationMs, sentAt, latenciesMs: latencies };
}

/** A loopback server that keeps every body POSTed to it and answers 200: where the sandbox "delivers" webhooks. */
export async function startRecorder(): Promise<{ url: string; bodies: string[]; stop(): Promise<void> }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    bodies,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Has the sandbox make `count` events of `eventType` happen on its demo site (a product creation creates the
 * product) and returns the signed webhooks it would deliver, captured by a recorder instead of delivered.
 */
export async function recordSandboxWebhooks(
  sandboxUrl: string,
  eventType: string,
  count: number,
  concurrency = 4,
): Promise<string[]> {
  const recorder = await startRecorder();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const { status, body } = await send(agent, `${sandboxUrl}/_sandbox/emit`, {
          body: JSON.stringify({ eventType, webhookUrl: recorder.url }),
          contentType: 'application/json',
        });
        if (status !== 200)
          throw new Error(`bench: the sandbox refused to emit ${eventType}: ${status} ${body}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return [...recorder.bodies];
  } finally {
    agent.destroy();
    await recorder.stop();
  }
}

/** Splits `bodies` into `rounds` back-to-back closed-loop runs; returns them merged and each round's 2xx rate. */
export async function postInRounds(
  url: string,
  bodies: readonly string[],
  options: { rounds: number; concurrency: number; maxDurationMs: number },
): Promise<{ merged: LoadResult; roundRps: number[] }> {
  const size = Math.ceil(bodies.length / options.rounds);
  const merged: LoadResult = { ok: 0, failed: 0, statuses: {}, durationMs: 0, sentAt: [], latenciesMs: [] };
  const roundRps: number[] = [];
  for (let start = 0; start < bodies.length; start += size) {
    const round = await postClosedLoop(url, bodies.slice(start, start + size), {
      concurrency: options.concurrency,
      maxDurationMs: options.maxDurationMs / options.rounds,
    });
    merged.ok += round.ok;
    merged.failed += round.failed;
    merged.durationMs += round.durationMs;
    merged.sentAt.push(...round.sentAt);
    merged.latenciesMs.push(...round.latenciesMs);
    for (const [status, n] of Object.entries(round.statuses))
      merged.statuses[status] = (merged.statuses[status] ?? 0) + n;
    roundRps.push(round.ok / (round.durationMs / 1000));
  }
  return { merged, roundRps };
}
