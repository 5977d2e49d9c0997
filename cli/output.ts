import { AsyncLocalStorage } from 'node:async_hooks';

/** A user-facing CLI failure: printed as one line, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Where one CLI run reads and writes: the process's streams and environment, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
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
