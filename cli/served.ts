// The `wixflow` process as a thin client: when a local stack runs on the data directory, the stack runs the command
// (local/cli-server.ts) and this process relays what it prints (docs/decisions/014-cli-served-by-the-local-stack.md).
// It imports nothing heavy — no commander, no zod, no AWS SDK: not evaluating those is the point.
import { readFileSync } from 'node:fs';
import type * as Http from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Endpoints } from '#local/endpoints.ts';
import { isProcessAlive } from '#local/process-alive.ts';

/** `WIXFLOW_IN_PROCESS=1` runs every command in the `wixflow` process, never through the local stack. */
export const IN_PROCESS_VARIABLE = 'WIXFLOW_IN_PROCESS';

/**
 * The top-level commands a running stack runs. The others run in the `wixflow` process: `help`, `triggers` and
 * `modules` start fast on their own; `sandbox` and `console` are servers of their own, stopped with Ctrl+C.
 */
export const SERVED_COMMANDS: readonly string[] = [
  'connections',
  'secrets',
  'rules',
  'runs',
  'events',
  'backfill',
  'automations',
];

/** The most a request to the stack may hold; a larger one (an enormous argv) runs in-process instead. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** What the client prints when the stack's answer ends before the command's exit code: it may have run. */
export const STOPPED_LINE = 'wixflow: the local stack stopped while running the command\n';

/** The run's environment as the stack sees it: wixflow's own settings and the terminal's, never AWS_* or PATH. */
export function isForwardedVariable(name: string): boolean {
  return /^(WIXFLOW_|WIX_)/.test(name) || ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'COLUMNS'].includes(name);
}

/** An output stream as the stack needs to know it: whether it is a terminal, and how wide. */
export interface ServedStream {
  isTTY: boolean;
  columns?: number;
}

/** The body of a request to run a command (POST, JSON). */
export interface ServedRequest {
  argv: string[];
  /** The client's working directory: relative paths in `argv` are resolved against it. */
  cwd: string;
  /** The absolute data directory the client resolved; the stack refuses (409) any but its own. */
  dataDir: string;
  /** The client's build stamp (dist/build-stamp.json); the stack refuses (409) any but its own. */
  build: string;
  env: Record<string, string>;
  stdout: ServedStream;
  stderr: ServedStream;
}

/** One line of the answer (NDJSON): output as the command wrote it, then its exit code, last. */
export type ServedLine = { out: string } | { err: string } | { exit: number };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Decides from the arguments alone whether a running stack may run this command; resolves the data directory
 * it would use (absolute), or undefined to run it in-process: `--aws`/`--stack`/`--region`, help and unknown
 * options, the commands outside SERVED_COMMANDS, `secrets set --stdin` (which reads this process's stdin), and
 * WIXFLOW_IN_PROCESS=1. It reads the global options as cli/main.ts declares them, which commander takes
 * anywhere before `--`.
 */
export function servedDataDir(argv: readonly string[], env: Env, cwd: string): string | undefined {
  if (env[IN_PROCESS_VARIABLE] === '1') return undefined;
  let command: string | undefined;
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg === '--data-dir') {
      dataDir = argv[++i];
      if (dataDir === undefined) return undefined;
    } else if (arg.startsWith('--data-dir=')) {
      dataDir = arg.slice('--data-dir='.length);
    } else if (/^--(aws|stack|region)(=|$)/.test(arg) || ['--help', '-h', '--version'].includes(arg)) {
      return undefined;
    } else if (command === undefined) {
      // An option before the command is none of the program's: commander's error, printed in-process.
      if (arg.startsWith('-')) return undefined;
      command = arg;
    } else if (command === 'secrets' && arg === '--stdin') {
      return undefined;
    }
  }
  if (command === undefined || !SERVED_COMMANDS.includes(command)) return undefined;
  return resolve(cwd, dataDir ?? env.WIXFLOW_DATA_DIR ?? '.wixflow');
}

/** For the stack's log: the command and its subcommand (`rules list`), none of the values given to them. */
export function commandWords(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg === '--data-dir') i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words.join(' ');
}

/** What the client writes to and sends: the process's own streams, environment and directory. */
export interface ClientProcess {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Env;
  cwd: string;
}

const processClient = (): ClientProcess => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/**
 * Runs `wixflow <argv…>` on the local stack when one runs on the data directory and serves this build; resolves
 * its exit code, or undefined when the stack did not run it (none runs, it refused before running anything, or
 * the command is not one it runs) and the caller should run it in-process. A command is never run twice: once
 * the stack may have started it, an answer that breaks off prints STOPPED_LINE and resolves 1.
 */
export async function runOnLocalStack(
  argv: readonly string[],
  options: { stampFile: URL; client?: ClientProcess },
): Promise<number | undefined> {
  const client = options.client ?? processClient();
  const dataDir = servedDataDir(argv, client.env, client.cwd);
  if (dataDir === undefined) return undefined;
  const build = ownBuild(options.stampFile);
  if (build === undefined) return undefined;
  const cli = stackCli(dataDir, build);
  if (cli === undefined) return undefined;
  const request: ServedRequest = {
    argv: [...argv],
    cwd: client.cwd,
    dataDir,
    build,
    env: Object.fromEntries(
      Object.entries(client.env).filter(
        (entry): entry is [string, string] => isForwardedVariable(entry[0]) && entry[1] !== undefined,
      ),
    ),
    stdout: streamOf(client.stdout),
    stderr: streamOf(client.stderr),
  };
  const body = Buffer.from(JSON.stringify(request));
  if (body.length > MAX_REQUEST_BYTES) return undefined;
  return post(cli, body, client);
}

const streamOf = (stream: ClientProcess['stdout']): ServedStream =>
  stream.isTTY === true
    ? { isTTY: true, ...(stream.columns === undefined ? {} : { columns: stream.columns }) }
    : { isTTY: false };

/** The build stamp in `file`, or undefined when there is none. */
function ownBuild(file: URL): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const stamp = isRecord(parsed) ? parsed.stamp : undefined;
    return typeof stamp === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

type StackCli = NonNullable<Endpoints['cli']>;

/** The CLI endpoint in `<dataDir>/endpoints.json`, when the stack that wrote it still runs and serves `build`. */
function stackCli(dataDir: string, build: string): StackCli | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || typeof parsed.pid !== 'number' || !isRecord(parsed.cli)) return undefined;
  const { url, token, build: served } = parsed.cli;
  if (typeof url !== 'string' || typeof token !== 'string' || served !== build) return undefined;
  // The token goes to the loopback address the stack listens on, nowhere else.
  if (!url.startsWith('http://127.0.0.1:') || !isProcessAlive(parsed.pid)) return undefined;
  return { url, token, build };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Posts the request and relays the answer. Undefined (run it in-process) only when no connection opened or the
 * stack answered other than 200: it decides every refusal before it runs anything (local/cli-server.ts).
 */
function post(cli: StackCli, body: Buffer, client: ClientProcess): Promise<number | undefined> {
  // node:http through require(): an ESM import evaluates all its exports, undici's WebSocket included
  // (docs/decisions/012-prebuilt-cli.md).
  const http = createRequire(import.meta.url)('node:http') as typeof Http;
  return new Promise((settle) => {
    let connected = false;
    let done = false;
    const finish = (code: number | undefined) => {
      if (done) return;
      done = true;
      settle(code);
    };
    const broke = () => {
      if (done) return;
      if (!connected) return finish(undefined);
      client.stderr.write(STOPPED_LINE);
      finish(1);
    };
    const req = http.request(cli.url, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${cli.token}`,
        'content-type': 'application/json',
        'content-length': body.length,
      },
    });
    req.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    req.on('error', broke);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return finish(undefined);
      }
      res.setEncoding('utf8');
      let pending = '';
      res.on('data', (chunk: string) => {
        pending += chunk;
        for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
          const line = pending.slice(0, end);
          pending = pending.slice(end + 1);
          if (!relay(line, client, finish)) {
            req.destroy();
            return broke();
          }
        }
      });
      res.on('error', broke);
      res.on('close', broke);
    });
    req.end(body);
  });
}

/** Writes one answer line where it belongs; false when it is not one the stack sends. */
function relay(line: string, client: ClientProcess, finish: (code: number) => void): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  if (!isRecord(parsed)) return false;
  if (typeof parsed.out === 'string') client.stdout.write(parsed.out);
  else if (typeof parsed.err === 'string') client.stderr.write(parsed.err);
  else if (typeof parsed.exit === 'number' && Number.isInteger(parsed.exit)) finish(parsed.exit);
  else return false;
  return true;
}
