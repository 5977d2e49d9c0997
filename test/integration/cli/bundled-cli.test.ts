import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_BUNDLE } from '../../../scripts/build-cli.ts';
import { PACKAGE_ROOT } from '../../../shared/package-root.ts';
import { spawnCollected } from '../../support/spawned.ts';
import { tempDir } from '../../support/temp.ts';

// The executable `npm ci` builds (dist/cli.js), run as a user runs it: a separate Node process, no tsx. The other
// CLI tests run the same code in-process through runCli.
interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], dataDir: string): { child: ChildProcess; ran: Promise<Ran> } {
  const { child, exited } = spawnCollected(process.execPath, [CLI_BUNDLE, ...args], {
    env: { ...process.env, WIXFLOW_DATA_DIR: dataDir, NO_COLOR: '1' },
  });
  return { child, ran: exited.then(({ code, stdout, stderr }) => ({ code, stdout, stderr })) };
}

const run = (args: string[], dataDir: string) => start(args, dataDir).ran;

/** The sources a chunk evaluates when it is loaded: its own and those of the chunks it imports statically. */
function loadedWith(metafile: Metafile, chunk: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of metafile.outputs[file]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(chunk);
  return [...seen].flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
}

/** Resolves the first `http://127.0.0.1:…` URL the child prints (its stdout keeps flowing). */
function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const url = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(seen)?.[0];
      if (!url) return;
      child.stdout?.off('data', look);
      resolve(url);
    };
    child.stdout?.on('data', look);
    child.once('close', () => reject(new Error(`exited having printed no URL: ${seen}`)));
  });
}

describe('the bundled wixflow executable (dist/cli.js)', () => {
  let dataDir: string;
  let metafile: Metafile;

  beforeAll(async () => {
    dataDir = tempDir('wixflow-bundled-');
    // dist/ itself is built once for the run (test/support/build-cli.ts); this is the same build, not written.
    metafile = await buildCli({ write: false });
  }, 120_000);

  it('starts without commander, the AWS SDK, zod, the sandbox or the console, and `rules list` without the rule validator or the Wix client', () => {
    const entry = relative(PACKAGE_ROOT, CLI_BUNDLE);
    const chunkOf = (source: string) =>
      Object.keys(metafile.outputs).find((file) => metafile.outputs[file]?.entryPoint?.endsWith(source));
    const rulesChunk = chunkOf('cli/commands/rules.ts');
    const localChunk = chunkOf('cli/context.ts');

    expect(
      // What a command the local stack runs loads (cli/served.ts): the sources of the entry's static imports.
      loadedWith(metafile, entry).filter((source) =>
        /commander|@aws-sdk|@smithy|zod|sandbox\/|console\/|cli\/main/.test(source),
      ),
    ).toEqual([]);
    expect(rulesChunk).toBeDefined();
    expect(
      loadedWith(metafile, rulesChunk ?? '').filter((source) =>
        /jsonata|yaml|wix\/modules|dry-run|apply-rules/.test(source),
      ),
    ).toEqual([]);
    // Opening the local data builds the stores alone, not the consumer with its Wix client.
    expect(localChunk).toBeDefined();
    expect(
      loadedWith(metafile, localChunk ?? '').filter((source) => /functions\/|wix\/client|ky\//.test(source)),
    ).toEqual([]);
  });

  it('prints its help, every command with its summary, and exits 0', async () => {
    const help = await run(['--help'], dataDir);

    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const command of [
      'connections',
      'secrets',
      'rules',
      'runs',
      'events',
      'triggers',
      'modules',
      'sandbox',
    ])
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command}\\b.* {2,}\\S`, 'm'));
  });

  it('loads a command on demand: `rules --help` lists its subcommands, `modules NAME` reads the module catalogue', async () => {
    const rules = await run(['rules', '--help'], dataDir);
    const module = await run(['modules', 'collections.addProducts'], dataDir);

    expect(rules.stdout).toMatch(/apply <path>[\s\S]*list[\s\S]*test[\s\S]*delete/);
    expect(module).toMatchObject({ code: 0 });
    expect(module.stdout).toContain('collectionId: string');
  });

  it('opens the local data (embedded dynalite, left outside the bundle) and exits 1 with one line on bad input', async () => {
    const list = await run(['rules', 'list'], dataDir);
    const missing = await run(['rules', 'delete', 'nope'], dataDir);

    expect(list).toMatchObject({ code: 0, stdout: expect.stringContaining('No rules yet.') });
    expect(missing).toMatchObject({ code: 1, stderr: 'wixflow: no rule "nope"; see `wixflow rules list`\n' });
  });

  describe('finds its data files from the package root', () => {
    const hooks: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        hooks.push(body);
        res.end('ok');
      });
    });
    beforeAll(async () => {
      receiver.listen(0, '127.0.0.1');
      await once(receiver, 'listening');
    });
    afterAll(() => {
      receiver.close();
    });

    it('the sandbox: seeds its sites from sandbox/samples and emits a documented webhook, then stops on SIGTERM', async () => {
      const sandbox = start(['sandbox', '--port', '0'], dataDir);
      const url = new URL(await printedUrl(sandbox.child)).origin;
      const port = (receiver.address() as AddressInfo).port;

      const emitted = await fetch(`${url}/_sandbox/emit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          eventType: 'wix.ecom.v1.order_created',
          webhookUrl: `http://127.0.0.1:${port}/webhooks/wix`,
        }),
      });
      sandbox.child.kill('SIGTERM');
      const ended = await sandbox.ran;

      expect(emitted.status).toBe(200);
      expect(hooks).toHaveLength(1);
      expect(hooks[0]?.split('.')).toHaveLength(3);
      expect(ended.code).toBe(0);
    });

    it('the console: serves console/assets, then stops on SIGTERM', async () => {
      const console = start(['console', '--port', '0'], dataDir);
      const origin = new URL(await printedUrl(console.child)).origin;

      const css = await fetch(`${origin}/assets/console.css`);
      const text = await css.text();
      console.child.kill('SIGTERM');
      const ended = await console.ran;

      expect(css.status).toBe(200);
      expect(text.length).toBeGreaterThan(100);
      expect(ended.code).toBe(0);
    });
  });
});
