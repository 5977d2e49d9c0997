import { Readable } from 'node:stream';
import { runCli as runWixflow } from '#cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `wixflow …` in this process (the CLI's own entry, `runCli`), on the given data dir, and collects what it
 * writes. test/integration/cli/bundled-cli.test.ts runs the bundled executable itself.
 */
export async function runCli(
  args: string[],
  options: {
    dataDir: string;
    env?: Record<string, string>;
    /** Its stdin, then end of input. */
    input?: string;
  },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runWixflow(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    env: { ...process.env, WIXFLOW_DATA_DIR: options.dataDir, NO_COLOR: '1', ...options.env },
  });
  return { code, stdout, stderr };
}
