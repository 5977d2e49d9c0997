// The running local stack's CLI endpoint: it runs `wixflow` commands for the `wixflow` process of a terminal, which
// then starts without the AWS SDK or zod (cli/served.ts; docs/decisions/014-cli-served-by-the-local-stack.md).
// Loopback only. A request must name this server as its Host, carry the token of endpoints.json (0600), and come
// from a CLI built from the sources this stack runs, for this stack's data directory. Every refusal is answered
// before anything runs: the client runs the command itself then, and only then.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute } from 'node:path';
import * as z from 'zod';
import type { CliIo } from '#cli/output.ts';
import {
  commandWords,
  isForwardedVariable,
  MAX_REQUEST_BYTES,
  type ServedLine,
  type ServedRequest,
  servedDataDir,
} from '#cli/served.ts';
import type { Logger } from '#shared/log.ts';

/** Where a client posts a command. */
export const CLI_RUN_PATH = '/cli/run';

/** How long stopping the stack waits for the commands in progress (told to stop) before cutting them off. */
const STOP_GRACE_MS = 2_000;

const StreamSchema = z.object({ isTTY: z.boolean(), columns: z.number().int().positive().optional() });
const RequestSchema = z.object({
  argv: z.array(z.string()).max(10_000),
  cwd: z.string().refine(isAbsolute, 'must be absolute'),
  dataDir: z.string().refine(isAbsolute, 'must be absolute'),
  build: z.string(),
  env: z.record(z.string(), z.string()),
  stdout: StreamSchema,
  stderr: StreamSchema,
}) satisfies z.ZodType<ServedRequest>;

export interface CliServerOptions {
  /** The stack's data directory: requests for any other are refused. */
  dataDir: string;
  /** The build stamp of the sources this process runs (cli/build-stamp.ts): requests from other builds are refused. */
  build: string;
  /** Runs one command (cli/main.ts runCli); resolves its exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
  log: Logger;
  /** The token to require; a fresh 256-bit one by default. */
  token?: string;
}

export interface CliServer {
  /** http://127.0.0.1:<port>/cli/run */
  url: string;
  token: string;
  build: string;
  /** How many commands it has started (the bench checks that `rules list` was served). */
  commandsRun(): number;
  /** Aborts the commands in progress, waits a little for them, then closes every connection. */
  stop(): Promise<void>;
}

interface Running {
  abort(): void;
  done: Promise<unknown>;
}

/** Starts the CLI endpoint on 127.0.0.1 (a free port); resolves once it listens. */
export async function startCliServer(options: CliServerOptions): Promise<CliServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const ownDataDir = await realpath(options.dataDir);
  const running = new Set<Running>();
  let host = '';
  let stopping = false;
  let started = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
    if (req.headers.host !== host) return refuse(res, 421, 'wrong Host');
    if (req.method !== 'POST' || req.url !== CLI_RUN_PATH) return refuse(res, 404, 'no such endpoint');
    if (!sameSecret(bearerOf(req), token)) return refuse(res, 401, 'wrong token');
    if (stopping) return refuse(res, 503, 'the local stack is stopping');
    const body = await readBody(req);
    if (body === undefined) return refuse(res, 413, 'request too large');
    const parsed = RequestSchema.safeParse(parseJson(body));
    if (!parsed.success) return refuse(res, 400, 'not a wixflow command request');
    const env = Object.fromEntries(
      Object.entries(parsed.data.env).filter(([name]) => isForwardedVariable(name)),
    );
    const request = { ...parsed.data, env };
    if (request.build !== options.build) return refuse(res, 409, 'this stack runs another build of wixflow');
    // The data directory the command will open, read from its arguments as the client read them: it must be the
    // one the client named, and this stack's.
    if (servedDataDir(request.argv, env, request.cwd) !== request.dataDir)
      return refuse(res, 400, 'the data directory does not match the command');
    if ((await realpath(request.dataDir).catch(() => undefined)) !== ownDataDir)
      return refuse(res, 409, 'this stack runs on another data directory');
    if (stopping) return refuse(res, 503, 'the local stack is stopping');
    await runCommand(request, res);
  };

  const runCommand = async (request: ServedRequest, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    res.flushHeaders();
    const stopper = new AbortController();
    // The client went away (Ctrl+C, a closed pipe): a command that can stop, stops.
    res.on('close', () => stopper.abort());
    const send = (line: ServedLine) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(line)}\n`);
    };
    const io: CliIo = {
      stdout: { write: (text) => send({ out: String(text) }), ...request.stdout },
      stderr: { write: (text) => send({ err: String(text) }), ...request.stderr },
      stdin: NO_INPUT,
      // The client's own settings, not this process's.
      env: request.env,
      cwd: request.cwd,
      onlyDataDir: request.dataDir,
      signal: stopper.signal,
    };
    const done = options.run(request.argv, io).catch((error: unknown) => {
      send({ err: `wixflow: unexpected error: ${(error as Error).message}\n` });
      return 1;
    });
    // Settled once the answer is out (or the client gone): what stopping waits for.
    const answered = new Promise((resolve) => res.once('close', resolve));
    const entry: Running = { abort: () => stopper.abort(), done: answered };
    running.add(entry);
    started += 1;
    try {
      const code = await done;
      options.log.debug('cli command run', { command: commandWords(request.argv), exitCode: code });
      if (!res.writableEnded && !res.destroyed)
        res.end(`${JSON.stringify({ exit: code } satisfies ServedLine)}\n`);
      await answered;
    } finally {
      running.delete(entry);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.warn('cli endpoint failed', { error });
      if (!res.headersSent) refuse(res, 500, 'the CLI endpoint failed');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;

  return {
    url: `http://${host}${CLI_RUN_PATH}`,
    token,
    build: options.build,
    commandsRun: () => started,
    stop: async () => {
      stopping = true;
      const runs = [...running];
      for (const run of runs) run.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(runs.map((run) => run.done)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, STOP_GRACE_MS);
        }),
      ]);
      clearTimeout(timer);
      // A command still running is cut off: its client prints that the stack stopped.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The stdin of a served command: empty (the client keeps its own; `secrets set --stdin` is not served). */
const NO_INPUT: CliIo['stdin'] = {
  isTTY: false,
  async *[Symbol.asyncIterator]() {},
};

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`${text}\n`);
}

function bearerOf(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
}

/** Compares digests, so neither the time taken nor a length check tells how much of the token was right. */
function sameSecret(offered: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(offered), digest(token));
}

/** The body, or undefined as soon as it is larger than MAX_REQUEST_BYTES (the rest is read and dropped). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES;
    if (tooLarge) resolve(undefined);
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      tooLarge = size > MAX_REQUEST_BYTES;
      if (tooLarge) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
