import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from './bundle.ts';

export interface RunningChild<T> {
  info: T;
  pid: number;
  /** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `script` (a project .ts file, run through tsx) and resolves with the JSON object it prints as its first
 * stdout line once ready. The child also stops when its stdin closes, so it never outlives the bench.
 */
export async function startChild<T>(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { readyTimeoutMs?: number } = {},
): Promise<RunningChild<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = once(child, 'exit');
  const stdout = child.stdout;
  if (!stdout || child.pid === undefined) throw new Error(`bench: could not start ${script}`);
  const pid = child.pid;
  const lines = createInterface({ input: stdout });
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(() => {
      throw new Error(`bench: ${script} exited before it was ready:\n${stderr}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`bench: ${script} not ready after ${timeoutMs} ms`)),
        timeoutMs,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  // Keep draining stdout so the child never blocks on a full pipe.
  lines.on('line', () => undefined);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000) => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
  try {
    return { info: JSON.parse(first) as T, pid, stop };
  } catch {
    await stop();
    throw new Error(`bench: ${script} printed no JSON when ready: ${first}\n${stderr}`);
  }
}

/** Inside a child: stop cleanly on SIGTERM, SIGINT or when the parent closes stdin. */
export function stopOnParentExit(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop()
      .catch((error: unknown) => process.stderr.write(`${String(error)}\n`))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
}

/** The environment children start with: only what they need, so a user's Wix app settings never leak in. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Runs `script` (a project .ts file, through tsx) to its end; throws with its stderr when it fails. */
export async function runChild(script: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`bench: ${script} failed (${code ?? signal}):\n${stderr}`);
}
