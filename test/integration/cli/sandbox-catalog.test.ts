import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

/** Starts `wixflow sandbox …`, reads its banner, asks the sandbox its demo site's catalog, and stops it. */
function demoCatalogOf(args: string[], dataDir: string): Promise<{ banner: string; catalog: unknown }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('bin/wixflow.js'), 'sandbox', '--port', '0', ...args], {
      env: { ...process.env, WIXFLOW_DATA_DIR: dataDir, NO_COLOR: '1' },
    });
    let banner = '';
    child.on('error', fail);
    child.stdout.on('data', async (chunk: Buffer) => {
      banner += chunk.toString();
      const url = /Wix sandbox at (http:\S+)/.exec(banner)?.[1];
      if (!url || !banner.includes('Ctrl+C')) return;
      child.stdout.removeAllListeners('data');
      try {
        // The identity file the sandbox keeps in the data directory holds its API key and demo site id.
        const identity = JSON.parse(
          readFileSync(join(dataDir, 'sandbox', 'wix-sandbox-app.json'), 'utf8'),
        ) as { apiKey: string; siteId: string };
        const answer = await fetch(`${url}/stores/v3/provision/version`, {
          headers: { authorization: identity.apiKey, 'wix-site-id': identity.siteId },
        });
        done({ banner, catalog: ((await answer.json()) as { catalogVersion?: unknown }).catalogVersion });
      } catch (error) {
        fail(error);
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}

describe('wixflow sandbox --catalog', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wixflow-sandbox-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo site on Catalog V3 by default, and on V1 when asked', async () => {
    const byDefault = await demoCatalogOf([], dataDir());
    const v1 = await demoCatalogOf(['--catalog', 'v1'], dataDir());

    expect(byDefault.catalog).toBe('V3_CATALOG');
    expect(byDefault.banner).toContain('Catalog V3');
    expect(v1.catalog).toBe('V1_CATALOG');
    expect(v1.banner).toContain('Catalog V1');
  });

  it('exits 1 with one line for a catalog it does not know', async () => {
    const result = await runCli(['sandbox', '--port', '0', '--catalog', 'v2'], { dataDir: dataDir() });

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--catalog takes v3 or v1')]);
  });
});
