import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin/wixflow.js');

/** Runs `wixflow …` as a user would (the package bin, through tsx), with the given data dir. */
export function runCli(
  args: string[],
  options: {
    dataDir: string;
    env?: Record<string, string> /** written to its stdin, then closed */;
    input?: string;
  },
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, WIXFLOW_DATA_DIR: options.dataDir, NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
