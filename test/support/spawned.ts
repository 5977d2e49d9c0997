import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** What a process printed, how it exited and how long it ran (wall time, spawn to exit). */
export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Starts `command args` with its stdout and stderr collected (stdin closed); `exited` resolves once it has
 * exited and its streams are closed, and rejects when it could not start.
 */
export function spawnCollected(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): { child: ChildProcess; exited: Promise<Exited> } {
  const started = performance.now();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<Exited>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, exited };
}
