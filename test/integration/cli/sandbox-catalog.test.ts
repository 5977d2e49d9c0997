import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

/** Starts `wixflow sandbox …`, reads its banner, asks the sandbox its demo site's catalog, and stops it. */
async function demoCatalogOf(
  args: string[],
  dataDir: string,
): Promise<{ banner: string; catalog: unknown; code: number }> {
  const sandbox = startCli(['sandbox', '--port', '0', ...args], { dataDir });
  try {
    const banner = await sandbox.printed(/Ctrl\+C/);
    const url = /Wix sandbox at (http:\S+)/.exec(banner)?.[1];
    // The identity file the sandbox keeps in the data directory holds its API key and demo site id.
    const identity = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'wix-sandbox-app.json'), 'utf8')) as {
      apiKey: string;
      siteId: string;
    };
    const answer = await fetch(`${url}/stores/v3/provision/version`, {
      headers: { authorization: identity.apiKey, 'wix-site-id': identity.siteId },
    });
    const { catalogVersion } = (await answer.json()) as { catalogVersion?: unknown };
    return { banner, catalog: catalogVersion, code: (await sandbox.stop()).code };
  } finally {
    await sandbox.stop();
  }
}

describe('wixflow sandbox --catalog', () => {
  it('runs the demo site on Catalog V3 by default, and on V1 when asked', async () => {
    const byDefault = await demoCatalogOf([], tempDir('wixflow-sandbox-cli-'));
    const v1 = await demoCatalogOf(['--catalog', 'v1'], tempDir('wixflow-sandbox-cli-'));

    expect(byDefault.catalog).toBe('V3_CATALOG');
    expect(byDefault.banner).toContain('Catalog V3');
    expect(v1.catalog).toBe('V1_CATALOG');
    expect(v1.banner).toContain('Catalog V1');
    expect([byDefault.code, v1.code]).toEqual([0, 0]);
  });

  it('exits 1 with one line for a catalog it does not know', async () => {
    const result = await runCli(['sandbox', '--port', '0', '--catalog', 'v2'], {
      dataDir: tempDir('wixflow-sandbox-cli-'),
    });

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--catalog takes v3 or v1')]);
  });
});
