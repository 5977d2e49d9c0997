import { Readable } from 'node:stream';
import { runCli as runWixflow } from '#cli/main.ts';

/** A rule file as a user writes one: each new product added to a (V1) collection. */
export const addProductsRuleYaml = (id: string, connection: string): string => `id: ${id}
connection: ${connection}
trigger: products.created
actions:
  - id: add
    module: collections.addProducts
    input:
      collectionId: 1044e7e4-37d1-0705-c5b3-623baae212fd
      productIds: ["{{ trigger.entityId }}"]
`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** Its stdin, then end of input. */
  input?: string;
}

/** A long-running `wixflow …` (sandbox, console) started in this process. */
export interface RunningCli {
  /** Resolves to what it has printed once that matches `pattern`; rejects if the run ends first. */
  printed(pattern: RegExp): Promise<string>;
  /** Stops it as Ctrl+C does and resolves to its result. */
  stop(): Promise<CliResult>;
}

/**
 * Runs `wixflow …` in this process (the CLI's own entry, `runCli`), on the given data dir, and collects what it
 * writes. test/integration/cli/bundled-cli.test.ts runs the bundled executable itself.
 */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return run(args, options).result;
}

/** Starts a long-running `wixflow …` in this process, as runCli does; `stop()` ends it. */
export function startCli(args: string[], options: CliOptions): RunningCli {
  const stopper = new AbortController();
  const started = run(args, options, stopper.signal);
  return {
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const look = () => {
          if (!pattern.test(started.stdout())) return false;
          started.off(look);
          resolve(started.stdout());
          return true;
        };
        if (look()) return;
        started.on(look);
        void started.result.then((ended) => {
          if (!look()) reject(new Error(`wixflow ${args.join(' ')} ended (${ended.code}): ${ended.stderr}`));
        });
      }),
    stop: () => {
      stopper.abort();
      return started.result;
    },
  };
}

function run(args: string[], options: CliOptions, signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => unknown>();
  const result = runWixflow(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        for (const listener of listeners) listener();
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    env: { ...process.env, WIXFLOW_DATA_DIR: options.dataDir, NO_COLOR: '1', ...options.env },
    ...(signal ? { signal } : {}),
  }).then((code) => ({ code, stdout, stderr }));
  return {
    result,
    stdout: () => stdout,
    on: (listener: () => unknown) => listeners.add(listener),
    off: (listener: () => unknown) => listeners.delete(listener),
  };
}
