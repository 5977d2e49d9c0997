import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { AutomationsApi } from '#shared/automations/automations-api.ts';
import {
  AutomationSetupError,
  automationName,
  type SyncAutomationsDeps,
  syncAutomations,
} from '#shared/automations/sync-automations.ts';
import { prepareRule } from '#shared/rules/apply-rules.ts';
import type { Connection } from '#shared/store/connections.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { useLocalStores } from '../../support/local-stores.ts';

const BOOKINGS = {
  appId: '13d21c63-b5ec-5912-8397-c3a5ddb27a97',
  triggerKey: 'wix_bookings-booking_canceled',
};
const INVOICES = { appId: '13ee94c1-b635-8505-3391-97919052c16f', triggerKey: 'wix_invoices-invoice_paid' };
const rule = (id: string, trigger: string) =>
  prepareRule({
    id,
    connection: 'site-a',
    trigger,
    enabled: true,
    actions: [{ id: 'a', module: 'contacts.create', input: { firstName: 'x' } }],
  });

describe('syncAutomations against the sandbox', () => {
  const stores = useLocalStores();
  let sandbox: WixSandbox;
  let connection: Connection;
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await startWixSandbox();
    secrets.set('key', sandbox.apiKey);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    const site = sandbox.addSite();
    const now = new Date().toISOString();
    connection = {
      id: 'site-a',
      instanceId: site.instanceId,
      siteId: site.siteId,
      auth: { kind: 'apiKey', secretId: 'key', siteId: site.siteId },
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    for (const record of await stores().automations.listRecords()) {
      await stores().automations.deleteRecord(record.connectionId, record);
    }
    sandbox.setFaults({});
  });

  const deps = (overrides: Partial<SyncAutomationsDeps> = {}): SyncAutomationsDeps => ({
    store: stores().automations,
    connections: [connection],
    rules: [
      rule('r1', 'automation:wix_bookings-booking_canceled'),
      rule('r2', 'automation:wix_invoices-invoice_paid'),
    ],
    wixFor: (c) =>
      wixClientFor(c, {
        baseUrl: sandbox.url,
        app: undefined,
        secrets: {
          get: async (id) => secrets.get(id),
          put: async () => undefined,
          delete: async () => undefined,
          list: async () => [],
        },
      }),
    publicUrl: 'http://localhost:3000',
    localWix: true,
    ...overrides,
  });
  const siteApi = () => new AutomationsApi(deps().wixFor(connection));

  it('refuses a loopback public URL for a real site before creating anything', async () => {
    await expect(syncAutomations(deps({ localWix: false }))).rejects.toThrow(AutomationSetupError);
    await expect(syncAutomations(deps({ localWix: false }))).rejects.toThrow(/tunnel/);
    await expect(syncAutomations(deps({ publicUrl: undefined }))).rejects.toThrow(/WIXFLOW_PUBLIC_URL/);
    expect(await stores().automations.listRecords()).toEqual([]);
  });

  it('reports a refused trigger, keeps going, and converges on the next run', async () => {
    // The first listing and create reach Wix; every later call fails.
    let calls = 0;
    const flaky = deps({
      wixFor: (c) => {
        const wix = deps().wixFor(c);
        return {
          request: async (request) => {
            calls += 1;
            if (calls > 2) sandbox.setFaults({ errorRate: 1 });
            return wix.request(request);
          },
        };
      },
    });

    const first = await syncAutomations(flaky);
    sandbox.setFaults({});
    const second = await syncAutomations(deps());
    const third = await syncAutomations(deps(), { inspect: true });

    expect(first.map((c) => [c.trigger, c.action, Boolean(c.error)])).toEqual([
      ['automation:wix_bookings-booking_canceled', 'create', false],
      ['automation:wix_invoices-invoice_paid', 'skip', true],
    ]);
    expect(second.map((c) => [c.trigger, c.action])).toEqual([
      ['automation:wix_bookings-booking_canceled', 'keep'],
      ['automation:wix_invoices-invoice_paid', 'create'],
    ]);
    expect(third.every((c) => c.action === 'keep')).toBe(true);
    const owner = await stores().automations.ownerId();
    expect((await siteApi().listByNamePrefix('wixflow|')).map((a) => a.name).sort()).toEqual(
      [automationName(owner, 'site-a', BOOKINGS), automationName(owner, 'site-a', INVOICES)].sort(),
    );
  });

  it('adopts the automation an interrupted run created instead of making a second one, and drops duplicates', async () => {
    await syncAutomations(deps({ rules: [rule('r1', 'automation:wix_bookings-booking_canceled')] }));
    const [made] = await stores().automations.listRecords();
    // The record write of that run was lost; and an extra copy appeared.
    if (made) await stores().automations.deleteRecord(made.connectionId, made);
    const owner = await stores().automations.ownerId();
    await siteApi().create({
      name: automationName(owner, 'site-a', BOOKINGS),
      trigger: BOOKINGS,
      url: 'http://localhost:3000/webhooks/automations/not-a-live-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa',
      actionId: crypto.randomUUID(),
    });

    const changes = await syncAutomations(
      deps({ rules: [rule('r1', 'automation:wix_bookings-booking_canceled')] }),
    );

    expect(changes.map((c) => c.action)).toEqual(['keep']);
    const [kept, ...extra] = await siteApi().listByNamePrefix('wixflow|');
    expect(extra).toEqual([]);
    expect(kept?.id).toBe(made?.automationId);
    expect((await stores().automations.listRecords()).map((r) => r.automationId)).toEqual([
      made?.automationId,
    ]);
  });

  it('changes nothing in a dry run', async () => {
    const changes = await syncAutomations(deps(), { dryRun: true, inspect: true });

    expect(changes.map((c) => c.action)).toEqual(['create', 'create']);
    expect(await siteApi().listByNamePrefix('wixflow|')).toEqual([]);
    expect(await stores().automations.listRecords()).toEqual([]);
  });
});
