import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import { newProductOn, startThreeSites, type ThreeSites } from './three-sites.ts';

/** The access tokens the sandbox answered on `path` (e.g. `/oauth/access`), optionally for one instance. */
function tokensFrom(scenario: ThreeSites, path: string, instanceId?: string): string[] {
  return scenario.wix.requests
    .filter(
      (r) => r.path === path && r.status === 200 && (instanceId === undefined || r.instanceId === instanceId),
    )
    .map((r) => (r.response as { access_token?: string }).access_token)
    .filter((t): t is string => typeof t === 'string');
}

describe('many sites in one deployment', () => {
  let s: ThreeSites;

  beforeAll(async () => {
    s = await startThreeSites();
  });
  afterAll(() => s?.stop());

  it('runs the rule for the installed site with a 5-minute token from its refresh token', async () => {
    // Act
    const call = await newProductOn(s, s.installed);

    // Assess
    expect(call.instanceId).toBe(s.installed.instanceId);
    expect(tokensFrom(s, '/oauth/access')).toContain(call.headers.authorization);
    expect(call.headers).not.toHaveProperty('wix-site-id');
  });

  it('runs the rule for the AppInstalled site with a client-credentials token of its instance', async () => {
    // Act
    const call = await newProductOn(s, s.appInstalled);

    // Assess
    expect(call.instanceId).toBe(s.appInstalled.instanceId);
    expect(tokensFrom(s, '/oauth2/token', s.appInstalled.instanceId)).toContain(call.headers.authorization);
  });

  it('runs the rule for the API key site with the key and its wix-site-id, and no account header', async () => {
    // Act
    const call = await newProductOn(s, s.keyed);

    // Assess
    expect(call.instanceId).toBe(s.keyed.instanceId);
    expect(call.headers.authorization).toBe(s.wix.apiKey);
    expect(call.headers['wix-site-id']).toBe(s.keyed.siteId);
    expect(call.headers).not.toHaveProperty('wix-account-id');
  });

  it('lists the three connections with instance, site, auth kind, catalog version and status', async () => {
    // Prepare: every site has run the rule by now, so each catalog version is known.
    for (const site of [s.installed, s.appInstalled, s.keyed]) await newProductOn(s, site);

    // Act
    const list = await s.cli(['connections', 'list']);

    // Assess
    expect(list.code).toBe(0);
    const rows = list.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+INSTANCE\s+SITE\s+AUTH\s+CATALOG\s+STATUS$/);
    const row = (id: string) => rows.find((r) => r.startsWith(`${id} `)) ?? '';
    expect(row(s.installed.connectionId)).toMatch(
      new RegExp(
        `${s.installed.instanceId}\\s+${s.installed.siteId}\\s+oauth \\(refresh token\\)\\s+V1_CATALOG\\s+active$`,
      ),
    );
    expect(row(s.appInstalled.connectionId)).toMatch(
      new RegExp(
        `${s.appInstalled.instanceId}\\s+-\\s+oauth \\(client credentials\\)\\s+V1_CATALOG\\s+active$`,
      ),
    );
    expect(row(s.keyed.connectionId)).toMatch(
      new RegExp(`${s.keyed.instanceId}\\s+${s.keyed.siteId}\\s+api key\\s+V1_CATALOG\\s+active$`),
    );
  });

  it('removes a connection together with its secret', async () => {
    // Prepare
    const secretId = `connections/${s.installed.connectionId}/refresh-token`;
    const secrets = new FileSecretStore(join(s.dataDir, 'secrets.json'));
    const before = await secrets.get(secretId);

    // Act
    const removed = await s.cli(['connections', 'remove', s.installed.connectionId]);

    // Assess
    expect(before).toBeTruthy();
    expect(removed.stdout).toContain(`Removed connection ${s.installed.connectionId}.`);
    expect(await secrets.get(secretId)).toBeUndefined();
    expect(await s.stack.stores.connections.get(s.installed.connectionId)).toBeUndefined();
  });
});
