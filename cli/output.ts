import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';

/** A user-facing CLI failure: printed as one line, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** An output stream of a CLI run; `isTTY` and `columns` as a terminal's stream has them. */
export interface CliOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Where one CLI run reads and writes: the process's streams, environment and working directory, a test's, or
 * those of the `wixflow` process the local stack runs a command for (local/cli-server.ts).
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths the user gives are resolved against (`cliPath`); the process's by default. */
  cwd?: string;
  /**
   * Set by the local stack for the commands it runs (local/cli-server.ts): the one data directory they may open,
   * its own, so a command whose arguments name another one fails instead of opening it inside the stack.
   */
  onlyDataDir?: string;
  /** Aborting it stops a long-running command (console, sandbox) as Ctrl+C does: how an in-process caller ends it. */
  signal?: AbortSignal;
}

export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // Opening stdin costs every start a few milliseconds; only `secrets set --stdin` reads it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
});

const current = new AsyncLocalStorage<CliIo>();

/** Runs `work` with `io` as the streams `print`, `printJson` and `cliIo()` use (runCli sets it per run). */
export function withCliIo<T>(io: CliIo, work: () => T): T {
  return current.run(io, work);
}

/** The streams of the CLI run in progress; the process's outside one. */
export function cliIo(): CliIo {
  return current.getStore() ?? processIo();
}

/** A path the user gave (a file, a directory), absolute: resolved against the run's working directory. */
export function cliPath(path: string): string {
  return resolve(cliIo().cwd ?? process.cwd(), path);
}

/** Renders rows as an aligned plain-text table with a header. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function print(text = ''): void {
  cliIo().stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  cliIo().stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Resolves on Ctrl+C or SIGTERM, or when the run's `signal` aborts: how a long-running command (console, sandbox)
 * knows to stop.
 */
export function untilStopped(): Promise<void> {
  const { signal } = cliIo();
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted) return stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
