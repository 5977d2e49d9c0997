import { mkdtemp } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { childEnv, type RunningChild, startChild } from './child.ts';
import { send } from './load.ts';
import type {
  CliServed,
  LocalStackInfo,
  RunAttempts,
  RunSummary,
  SandboxCall,
} from './local-stack-process.ts';

/** The sandbox's legacy Product Created event: the demo rule turns each into one Wix call (collections.addProducts). */
export const PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
export const ADD_PRODUCTS_PATH = /^\/stores\/v1\/collections\/[^/]+\/productIds$/;

export interface LocalStackHandle {
  info: LocalStackInfo;
  /** The stack's data directory (WIXFLOW_DATA_DIR): where `wixflow` finds it. */
  dataDir: string;
  /** Every call the sandbox answered so far (fetched incrementally). */
  calls(): Promise<SandboxCall[]>;
  runs(): Promise<RunSummary[]>;
  attempts(): Promise<RunAttempts>;
  /** Whether the stack runs `wixflow` commands for dist/cli.js, and how many it has run. */
  cli(): Promise<CliServed>;
  stop(): Promise<void>;
}

/**
 * Starts the local stack in its own process (`npm start`'s code path, sandbox mode) on a fresh data directory,
 * with `env` on top (e.g. WIXFLOW_WIX_RATE_LIMIT, which also sets the sandbox's limit). Its sandbox site runs
 * Catalog V1, as the cost stage's does: each PRODUCT_CREATED it emits creates its product, and the demo rule
 * answers it with the V1 call ADD_PRODUCTS_PATH counts (on the default V3 site it would make the V3 call).
 */
export async function startLocalStackProcess(
  workDir: string,
  env: Record<string, string>,
): Promise<LocalStackHandle> {
  const dataDir = await mkdtemp(join(workDir, 'stack-'));
  const child: RunningChild<LocalStackInfo> = await startChild<LocalStackInfo>(
    'bench/support/local-stack-process.ts',
    childEnv({ PORT: '0', WIXFLOW_DATA_DIR: dataDir, WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG', ...env }),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const seen: SandboxCall[] = [];
  return {
    info: child.info,
    dataDir,
    async calls() {
      const { status, body } = await send(agent, `${child.info.controlUrl}/calls?from=${seen.length}`, {
        method: 'GET',
      });
      if (status !== 200) throw new Error(`bench: control /calls answered ${status}`);
      seen.push(...(JSON.parse(body) as SandboxCall[]));
      return seen;
    },
    async runs() {
      const { status, body } = await send(agent, `${child.info.controlUrl}/runs`, { method: 'GET' });
      if (status !== 200) throw new Error(`bench: control /runs answered ${status}: ${body}`);
      return JSON.parse(body) as RunSummary[];
    },
    async attempts() {
      const { status, body } = await send(agent, `${child.info.controlUrl}/attempts`, { method: 'GET' });
      if (status !== 200) throw new Error(`bench: control /attempts answered ${status}: ${body}`);
      return JSON.parse(body) as RunAttempts;
    },
    async cli() {
      const { status, body } = await send(agent, `${child.info.controlUrl}/cli`, { method: 'GET' });
      if (status !== 200) throw new Error(`bench: control /cli answered ${status}: ${body}`);
      return JSON.parse(body) as CliServed;
    },
    async stop() {
      agent.destroy();
      await child.stop();
    },
  };
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; resolves whether it did. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
