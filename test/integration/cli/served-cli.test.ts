import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildStamp } from '#cli/build-stamp.ts';
import { STOPPED_LINE } from '#cli/served.ts';
import { DEMO_RULE_ID } from '#local/demo.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { CLI_BUNDLE } from '../../../scripts/build-cli.ts';
import { addProductsRuleYaml } from '../../support/cli.ts';
import { eventFinished, startSandboxStack } from '../../support/local-stack.ts';
import { spawnCollected } from '../../support/spawned.ts';
import { tempDir } from '../../support/temp.ts';

// The bundled executable (dist/cli.js, built for the run by test/support/build-cli.ts) against a local stack running
// in this process, which runs commands for it (local/cli-server.ts); WIXFLOW_IN_PROCESS=1 runs the same executable
// the other way, on the same data.
interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function wixflow(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('WIXFLOW_')),
  );
  return spawnCollected(process.execPath, [CLI_BUNDLE, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...inherited, NO_COLOR: '1', ...options.env },
  }).exited.then(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

const RULE = addProductsRuleYaml('served-rule', 'demo-shop');

describe('wixflow commands run by the running local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let endpointsFile: string;
  let endpointsText: string;
  let build: string;

  const commandsRun = () => stack.cli?.commandsRun() ?? Number.NaN;
  const onStack = (args: string[], env: Record<string, string> = {}) =>
    wixflow(args, { env: { WIXFLOW_DATA_DIR: stack.dataDir, ...env } });
  /** Runs `args` through the stack, then in-process on the same data; resolves both and how many the stack ran. */
  const bothWays = async (args: string[]) => {
    const before = commandsRun();
    const served = await onStack(args);
    const between = commandsRun();
    const inProcess = await onStack(args, { WIXFLOW_IN_PROCESS: '1' });
    return { served, inProcess, servedRuns: between - before, inProcessRuns: commandsRun() - between };
  };
  /** Rewrites the stack's endpoints.json for the time of `work`. */
  const withEndpoints = async <T>(change: (cli: Record<string, unknown>) => void, work: () => Promise<T>) => {
    const edited = JSON.parse(endpointsText) as { cli: Record<string, unknown> };
    change(edited.cli);
    writeFileSync(endpointsFile, JSON.stringify(edited));
    try {
      return await work();
    } finally {
      writeFileSync(endpointsFile, endpointsText);
    }
  };

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack({ WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' }));
    endpointsFile = join(stack.dataDir, 'endpoints.json');
    endpointsText = readFileSync(endpointsFile, 'utf8');
    build = (await readBuildStamp())?.stamp ?? '';
    const emitted = await sandbox.emit('com.wix.ecommerce.catalog.api.v1.ProductCreated', {
      webhookUrl: stack.webhookUrl,
    });
    await eventFinished(stack, JSON.parse(emitted.body).accepted as string);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the CLI built from the sources it runs', () => {
    expect(stack.cli).toMatchObject({ servesDist: true });
    expect(JSON.parse(endpointsText).cli).toEqual({ url: stack.cli?.url, token: expect.any(String), build });
  });

  it.each([
    [['rules', 'list'], 0],
    [['rules', 'list', '--json'], 0],
    [['events', 'list'], 0],
    [['runs', 'list', '--rule', DEMO_RULE_ID], 0],
    [['connections', 'list'], 0],
    [['rules', 'delete', 'nope'], 1],
    [['rules', 'lst'], 1],
  ])(
    'runs `wixflow %j` for the client, which prints byte for byte what it prints in-process (exit %i)',
    async (args, code) => {
      const { served, inProcess, servedRuns, inProcessRuns } = await bothWays(args);

      expect(served).toEqual(inProcess);
      expect(served.code).toBe(code);
      expect({ servedRuns, inProcessRuns }).toEqual({ servedRuns: 1, inProcessRuns: 0 });
    },
  );

  it('prints a failing command’s one line on stderr and nothing on stdout, exit 1', async () => {
    const { served } = await bothWays(['rules', 'delete', 'nope']);

    expect(served).toEqual({
      code: 1,
      stdout: '',
      stderr: 'wixflow: no rule "nope"; see `wixflow rules list`\n',
    });
  });

  it('resolves a relative --data-dir and rule paths against the client’s directory, naming them as given', async () => {
    const work = tempDir('wf-served-work-');
    mkdirSync(join(work, 'bad'));
    writeFileSync(join(work, 'bad', 'broken.yaml'), 'id: [unclosed\n');
    writeFileSync(join(work, 'served-rule.yaml'), RULE);
    const dataDir = relative(work, stack.dataDir);
    const run = (args: string[], env: Record<string, string> = {}) =>
      wixflow(['--data-dir', dataDir, ...args], { cwd: work, env });
    const before = commandsRun();

    const rejected = await run(['rules', 'apply', 'bad']);
    const rejectedInProcess = await run(['rules', 'apply', 'bad'], { WIXFLOW_IN_PROCESS: '1' });
    const applied = await run(['rules', 'apply', 'served-rule.yaml']);
    const listed = await wixflow(['rules', 'list'], {
      cwd: dirname(stack.dataDir),
      env: { WIXFLOW_DATA_DIR: basename(stack.dataDir) },
    });

    expect(rejected).toEqual(rejectedInProcess);
    expect(rejected).toMatchObject({ code: 1, stderr: expect.stringContaining('rejected bad: ') });
    expect(rejected.stderr).toContain(join('bad', 'broken.yaml'));
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('Applied 1 rule: 1 created') });
    expect(listed.stdout).toMatch(/^served-rule\s+products\.created\s+demo-shop/m);
    expect(commandsRun() - before).toBe(3);
  });

  it('runs concurrent commands apart: each gets its own output, exit code and directory', async () => {
    const work = tempDir('wf-served-concurrent-');
    const commands: [string[], string | undefined][] = [
      [['rules', 'list'], undefined],
      [['rules', 'delete', 'nope'], undefined],
      [['events', 'list', '--json'], undefined],
      [['--data-dir', relative(work, stack.dataDir), 'connections', 'list'], work],
    ];
    const alone = [];
    for (const [args, cwd] of commands)
      alone.push(await wixflow(args, { env: { WIXFLOW_DATA_DIR: stack.dataDir }, ...(cwd ? { cwd } : {}) }));
    const before = commandsRun();

    const together = await Promise.all(
      commands.map(([args, cwd]) =>
        wixflow(args, { env: { WIXFLOW_DATA_DIR: stack.dataDir }, ...(cwd ? { cwd } : {}) }),
      ),
    );

    expect(together).toEqual(alone);
    expect(commandsRun() - before).toBe(commands.length);
  });

  describe('falls back in-process, and still answers, when endpoints.json', () => {
    it.each([
      [
        'names a wrong token (the stack answers 401)',
        (cli: Record<string, unknown>) => (cli.token = 'wrong'),
      ],
      [
        'names another build (the client does not ask)',
        (cli: Record<string, unknown>) => (cli.build = 'other'),
      ],
    ])('%s', async (_case, change) => {
      const expected = await onStack(['rules', 'list'], { WIXFLOW_IN_PROCESS: '1' });
      const before = commandsRun();

      const ran = await withEndpoints(change, () => onStack(['rules', 'list']));

      expect(ran).toEqual(expected);
      expect(ran.code).toBe(0);
      expect(commandsRun()).toBe(before);
    });

    it('names a stack that is gone (its pid is not running)', async () => {
      const dataDir = tempDir('wf-served-stale-');
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      writeFileSync(
        join(dataDir, 'endpoints.json'),
        JSON.stringify({ ...JSON.parse(endpointsText), pid: gone }),
      );
      const before = commandsRun();

      const ran = await wixflow(['rules', 'list'], { env: { WIXFLOW_DATA_DIR: dataDir } });

      expect(ran).toMatchObject({ code: 0, stdout: expect.stringContaining('No rules yet.') });
      expect(commandsRun()).toBe(before);
    });
  });

  describe('against a stack whose answer breaks off (a fake endpoint)', () => {
    let fake: Server;
    let received: number;
    let answer: (res: import('node:http').ServerResponse) => void;
    let dataDir: string;

    beforeAll(async () => {
      fake = createServer((req, res) => {
        received += 1;
        req.resume();
        req.on('end', () => answer(res));
      });
      fake.listen(0, '127.0.0.1');
      await once(fake, 'listening');
      dataDir = tempDir('wf-served-fake-');
      writeFileSync(
        join(dataDir, 'endpoints.json'),
        JSON.stringify({
          pid: process.pid,
          cli: { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/cli/run`, token: 't', build },
        }),
      );
    });

    afterAll(() => {
      fake.closeAllConnections();
      fake.close();
    });

    const run = () => {
      received = 0;
      return wixflow(['rules', 'list'], { env: { WIXFLOW_DATA_DIR: dataDir } });
    };

    it('prints one line and exits 1, never running the command itself, when the stream stops before the exit code', async () => {
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        res.write('{"out":"partial\\n"}\n', () => res.destroy());
      };

      const ran = await run();

      expect(ran).toEqual({ code: 1, stdout: 'partial\n', stderr: STOPPED_LINE });
      expect(received).toBe(1);
    });

    it('prints the same line when the connection drops before any answer: the command may have started', async () => {
      answer = (res) => res.socket?.destroy();

      const ran = await run();

      expect(ran).toEqual({ code: 1, stdout: '', stderr: STOPPED_LINE });
      expect(received).toBe(1);
    });

    it('runs the command itself when the stack refuses before running it (409)', async () => {
      answer = (res) => res.writeHead(409).end('this stack runs another build of wixflow\n');

      const ran = await run();

      expect(ran).toMatchObject({ code: 0, stdout: expect.stringContaining('No rules yet.'), stderr: '' });
      expect(received).toBe(1);
    });
  });
});
