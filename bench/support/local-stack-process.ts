// Runs the local stack exactly as `npm start` does (sandbox mode, configured from the environment) and prints where
// it listens as one JSON line. A small loopback control server lets the bench read what the sandbox received and
// the run records without loading the stack. Stops when the bench closes stdin or signals it.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startLocalStack } from '#local/stack.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { stopOnParentExit } from './child.ts';

/** One API call the sandbox answered. */
export interface SandboxCall {
  /** Epoch ms. */
  at: number;
  method: string;
  path: string;
  status: number;
  productIds: string[];
}

/** A run record, reduced to what the rate-limit figure needs. */
export interface RunSummary {
  status: string;
  attempts: number;
  steps: { status: string; errorStatus: number | undefined; errorCode: string | undefined }[];
}

/** Whether the stack runs `wixflow` commands (local/cli-server.ts), and how many it has run. */
export interface CliServed {
  servesDist: boolean;
  commandsRun: number;
}

/** Run attempts that ended failed or retrying, by the HTTP status of their error, from the stack's log. */
export interface RunAttempts {
  failedOrRetrying: number;
  byErrorStatus: Record<string, number>;
}

export interface LocalStackInfo {
  /** Loopback IPv4 (the stack reports `localhost`, which may resolve to ::1 first). */
  webhookUrl: string;
  sandboxUrl: string;
  instanceId: string;
  /**
   * GET /calls?from=N: SandboxCall[] from index N; GET /runs: RunSummary[]; GET /attempts: RunAttempts;
   * GET /cli: CliServed.
   */
  controlUrl: string;
}

const stack = await startLocalStack(loadLocalConfig(process.env));
const sandbox = stack.sandbox;
if (!sandbox) throw new Error('bench: the local stack did not start in sandbox mode');

const productIdsOf = (body: unknown): string[] => {
  const ids =
    typeof body === 'object' && body !== null ? (body as { productIds?: unknown }).productIds : undefined;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
};

const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control.invalid');
  const reply = (value: unknown) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (url.pathname === '/calls') {
    const from = Number(url.searchParams.get('from') ?? 0);
    const calls: SandboxCall[] = sandbox.requests.slice(from).map((r) => ({
      at: Date.parse(r.at),
      method: r.method,
      path: r.path,
      status: r.status,
      productIds: productIdsOf(r.body),
    }));
    return reply(calls);
  }
  if (url.pathname === '/runs') {
    stack.stores.runs
      .list({ limit: 1_000_000 })
      .then((runs) =>
        reply(
          runs.map(
            (run): RunSummary => ({
              status: run.status,
              attempts: run.attempts,
              steps: run.steps.map((s) => ({
                status: s.status,
                errorStatus: s.error?.status,
                errorCode: s.error?.code,
              })),
            }),
          ),
        ),
      )
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
    return;
  }
  if (url.pathname === '/cli') {
    const served: CliServed = {
      servesDist: stack.cli?.servesDist ?? false,
      commandsRun: stack.cli?.commandsRun() ?? 0,
    };
    return reply(served);
  }
  if (url.pathname === '/attempts') {
    readFile(join(stack.dataDir, 'wixflow.log'), 'utf8')
      .then((text) => reply(countAttempts(text)))
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
    return;
  }
  res.writeHead(404).end();
});

/** Every attempt of a run logs one `run <status>` line; a failed step shows there with Wix's HTTP status. */
function countAttempts(log: string): RunAttempts {
  const out: RunAttempts = { failedOrRetrying: 0, byErrorStatus: {} };
  for (const line of log.split('\n')) {
    if (!line.includes('"run ')) continue;
    const entry = JSON.parse(line) as { message?: string; error?: { status?: number } };
    if (entry.message !== 'run failed' && entry.message !== 'run retrying') continue;
    out.failedOrRetrying += 1;
    const status = String(entry.error?.status ?? 'none');
    out.byErrorStatus[status] = (out.byErrorStatus[status] ?? 0) + 1;
  }
  return out;
}
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

stopOnParentExit(async () => {
  control.closeAllConnections();
  control.close();
  await stack.stop();
});

const info: LocalStackInfo = {
  webhookUrl: stack.webhookUrl.replace('//localhost:', '//127.0.0.1:'),
  sandboxUrl: sandbox.url,
  instanceId: sandbox.instanceId,
  controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
};
process.stdout.write(`${JSON.stringify(info)}\n`);
