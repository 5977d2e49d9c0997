// cli_start_ratio: how long `wixflow --help` and `wixflow rules list` (on a running local stack) take, wall time,
// against `node -e 0` — the bundled CLI (dist/cli.js) as `npx wixflow` runs it after `npm ci`. With the stack
// running, it runs `rules list` for the CLI (docs/decisions/014); the result says whether it did for every run,
// and gives the same command run in-process (WIXFLOW_IN_PROCESS=1) beside it.

import { buildCli, CLI_BUNDLE } from '../scripts/build-cli.ts';
import { spawnCollected } from '../test/support/spawned.ts';
import { startLocalStackProcess } from './support/local-stack.ts';
import { type Summary, summarise } from './support/stats.ts';

export interface CliStartResult {
  /** Median over rounds of max(help, rules list) ÷ `node -e 0` of the same round. */
  cliStartRatio: Summary;
  helpRatio: Summary;
  rulesListRatio: Summary;
  ms: { nodeBaseline: Summary; help: Summary; rulesList: Summary; rulesListInProcess: Summary };
  /** How many of the `rules list` runs (the first included) the stack ran, of how many: served unless equal. */
  rulesListServed: { served: number; runs: number };
  /** The first run of each after the build: V8's compile cache (dist/.compile-cache) is still empty. */
  firstRunMs: { help: number; rulesList: number };
  /** What `wixflow rules list` printed (the demo rule of the sandbox-mode stack). */
  rulesListOutput: string;
}

/**
 * Builds the CLI as `npm ci` does, starts the local stack in its own process, then runs the three commands in
 * `rounds` interleaved rounds, so each ratio compares runs made under the same load on the machine.
 */
export async function measureCliStart(options: { workDir: string; rounds: number }): Promise<CliStartResult> {
  await buildCli();
  const stack = await startLocalStackProcess(options.workDir, {});
  try {
    const env = { ...process.env, WIXFLOW_DATA_DIR: stack.dataDir, NO_COLOR: '1' };
    const node = (args: string[]) => timed(process.execPath, args, env);
    const help = () => node([CLI_BUNDLE, '--help']);
    const rulesList = () => node([CLI_BUNDLE, 'rules', 'list']);
    const rulesListInProcess = () =>
      timed(process.execPath, [CLI_BUNDLE, 'rules', 'list'], { ...env, WIXFLOW_IN_PROCESS: '1' });

    const servedBefore = (await stack.cli()).commandsRun;
    const first = { help: await help(), rulesList: await rulesList() };
    if (!first.rulesList.stdout.includes('ID ')) {
      throw new Error(`bench: wixflow rules list printed no rules table:\n${first.rulesList.stdout}`);
    }
    const rows: { node: number; help: number; rulesList: number }[] = [];
    for (let i = 0; i < options.rounds; i++) {
      rows.push({
        node: (await node(['-e', '0'])).ms,
        help: (await help()).ms,
        rulesList: (await rulesList()).ms,
      });
    }
    const served = (await stack.cli()).commandsRun - servedBefore;
    // After the measured rounds, so the in-process runs' load cannot reach them.
    const inProcess: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      const ran = await rulesListInProcess();
      if (ran.stdout !== first.rulesList.stdout)
        throw new Error(`bench: rules list printed other output in-process:\n${ran.stdout}`);
      inProcess.push(ran.ms);
    }
    return {
      cliStartRatio: summarise(rows.map((r) => Math.max(r.help, r.rulesList) / r.node)),
      helpRatio: summarise(rows.map((r) => r.help / r.node)),
      rulesListRatio: summarise(rows.map((r) => r.rulesList / r.node)),
      ms: {
        nodeBaseline: summarise(rows.map((r) => r.node)),
        help: summarise(rows.map((r) => r.help)),
        rulesList: summarise(rows.map((r) => r.rulesList)),
        rulesListInProcess: summarise(inProcess),
      },
      rulesListServed: { served, runs: options.rounds + 1 },
      firstRunMs: { help: first.help.ms, rulesList: first.rulesList.ms },
      rulesListOutput: first.rulesList.stdout,
    };
  } finally {
    await stack.stop();
  }
}

/** Runs a command to its exit; resolves its wall time and output; rejects when it exits other than 0. */
async function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string }> {
  const { code, ms, stdout, stderr } = await spawnCollected(command, args, { env }).exited;
  if (code !== 0) throw new Error(`bench: ${args.join(' ')} exited ${code}: ${stderr}`);
  return { ms, stdout };
}
