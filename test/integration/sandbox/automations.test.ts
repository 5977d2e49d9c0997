import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { call, sandboxWithToken } from './helpers.ts';

const BASE = '/automations-service/v2/automations';
const ACTION = '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a';
const APPS: Record<string, string> = {
  'wix_bookings-booking_canceled': '13d21c63-b5ec-5912-8397-c3a5ddb27a97',
  'wix_invoices-invoice_paid': '13ee94c1-b635-8505-3391-97919052c16f',
  'wix_form_app-form_submitted': '225dd912-7dea-4738-8688-4b8c6955ffc2',
};
const automation = (url: string, triggerKey = 'wix_bookings-booking_canceled') => ({
  automation: {
    name: `test ${triggerKey}`,
    origin: 'USER',
    settings: { hidden: true, readonly: false },
    configuration: {
      status: 'ACTIVE',
      trigger: { appId: APPS[triggerKey], triggerKey, filters: [] },
      rootActionIds: [ACTION],
      actions: {
        [ACTION]: {
          type: 'APP_DEFINED',
          namespace: 'webhooks-action-1',
          appDefinedInfo: {
            appId: '139ef4fa-c108-8f9a-c7be-d5f492a2c939',
            actionKey: 'webhooks-action',
            inputMapping: { url, method: 'POST', hasCustomParams: false },
          },
        },
      },
    },
  },
});

describe('sandbox: Automations V2 and the Trigger Catalog', () => {
  let sandbox: WixSandbox;
  let auth: string;
  const received: { path: string; contentType: string; body: Record<string, unknown> }[] = [];
  const receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: JSON.parse(text),
      });
      res.writeHead(200).end('{}');
    });
  });
  let hookUrl = '';

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    receiver.close();
    await sandbox?.stop();
  });

  it('creates an automation with an id and revision 1, and gets it back', async () => {
    const created = await call(sandbox, 'POST', BASE, { auth, body: automation(hookUrl) });
    const id = (created.body.automation as { id: string }).id;
    const got = await call(sandbox, 'GET', `${BASE}/${id}`, { auth });

    expect(created.status).toBe(200);
    expect(got.body.automation).toMatchObject({ id, revision: '1', settings: { hidden: true } });
  });

  it('refuses a create without the fields the SDK requires, naming each', async () => {
    const refused = await call(sandbox, 'POST', BASE, { auth, body: { automation: { name: 'x' } } });

    expect(refused.status).toBe(400);
    const fields = (
      refused.body.details as { validationError: { fieldViolations: { field: string }[] } }
    ).validationError.fieldViolations.map((v) => v.field);
    expect(fields).toEqual([
      'automation.origin',
      'automation.configuration.status',
      'automation.configuration.trigger.appId',
      'automation.configuration.trigger.triggerKey',
      'automation.configuration.rootActionIds',
      'automation.configuration.actions',
    ]);
  });

  it('updates only at the current revision, and refuses an update that changes origin or settings', async () => {
    const created = await call(sandbox, 'POST', BASE, { auth, body: automation(hookUrl) });
    const current = created.body.automation as Record<string, unknown>;
    const path = `${BASE}/${current.id}`;

    const stale = await call(sandbox, 'PATCH', path, {
      auth,
      body: { automation: { ...current, revision: '0' } },
    });
    const origin = await call(sandbox, 'PATCH', path, {
      auth,
      body: { automation: { ...current, origin: 'APPLICATION' } },
    });
    const settings = await call(sandbox, 'PATCH', path, {
      auth,
      body: { automation: { ...current, settings: { hidden: false, readonly: false } } },
    });
    const omitted = await call(sandbox, 'PATCH', path, {
      auth,
      body: { automation: { ...current, origin: undefined } },
    });
    const renamed = await call(sandbox, 'PATCH', path, {
      auth,
      body: { automation: { ...current, name: 'renamed' } },
    });

    expect(stale.status).toBe(409);
    expect(origin.body).toMatchObject({ details: { applicationError: { code: 'INVALID_ORIGIN_TYPE' } } });
    expect(omitted.body).toMatchObject({ details: { applicationError: { code: 'INVALID_ORIGIN_TYPE' } } });
    expect(settings.body).toMatchObject({ details: { applicationError: { code: 'INVALID_SETTINGS' } } });
    expect(renamed.body.automation).toMatchObject({ name: 'renamed', revision: '2' });
  });

  it('pages a query with cursors and filters by name prefix', async () => {
    for (let i = 0; i < 3; i++)
      await call(sandbox, 'POST', BASE, { auth, body: automation(hookUrl, 'wix_invoices-invoice_paid') });
    const first = await call(sandbox, 'POST', `${BASE}/query`, {
      auth,
      body: { query: { filter: { name: { $startsWith: 'test wix_invoices' } }, cursorPaging: { limit: 2 } } },
    });
    const paging = first.body.pagingMetadata as { hasNext: boolean; cursors: { next: string } };
    const second = await call(sandbox, 'POST', `${BASE}/query`, {
      auth,
      body: { query: { cursorPaging: { limit: 2, cursor: paging.cursors.next } } },
    });

    expect(first.body.automations).toHaveLength(2);
    expect(paging.hasNext).toBe(true);
    expect(second.body.automations).toHaveLength(1);
    expect(second.body.pagingMetadata).toMatchObject({ hasNext: false });
  });

  it('refuses a trigger that is not installed on the site', async () => {
    const body = automation(hookUrl);
    body.automation.configuration.trigger.appId = '13ee94c1-b635-8505-3391-97919052c16f';

    const refused = await call(sandbox, 'POST', BASE, { auth, body });

    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ details: { applicationError: { code: 'TRIGGER_NOT_FOUND' } } });
  });

  it('deletes an automation, and answers 404 to it afterwards', async () => {
    const created = await call(sandbox, 'POST', BASE, { auth, body: automation(hookUrl) });
    const path = `${BASE}/${(created.body.automation as { id: string }).id}`;

    expect((await call(sandbox, 'DELETE', path, { auth })).status).toBe(200);
    expect((await call(sandbox, 'GET', path, { auth })).status).toBe(404);
    expect((await call(sandbox, 'DELETE', path, { auth })).status).toBe(404);
  });

  it('resolves the site’s triggers with payload schemas, in offset pages', async () => {
    const page = await call(sandbox, 'POST', '/v1/triggers/resolve', {
      auth,
      body: { query: { paging: { limit: 25, offset: 0 } }, appId: '13d21c63-b5ec-5912-8397-c3a5ddb27a97' },
    });

    expect(page.body.paging).toMatchObject({ count: 25, offset: 0, total: 27 });
    const canceled = (page.body.results as { triggerKey: string; payloadDataSchema: unknown }[]).find(
      (t) => t.triggerKey === 'wix_bookings-booking_canceled',
    );
    expect(canceled?.payloadDataSchema).toMatchObject({
      type: 'object',
      properties: { bookingId: { type: 'string' } },
    });
  });

  it('fires each active automation of a trigger: a labelled representative payload posted as JSON to its URL', async () => {
    received.length = 0;
    const before = await sandbox.fireAutomations('wix_bookings-booking_canceled');

    expect(before.length).toBeGreaterThan(0);
    expect(before.every((f) => f.status === 200)).toBe(true);
    expect(received).toHaveLength(before.length);
    expect(received[0]).toMatchObject({
      path: '/hook',
      contentType: 'application/json',
      body: { bookingId: expect.any(String), _sandbox: expect.stringContaining('representative') },
    });
    // An inactive automation does not run.
    const created = await call(sandbox, 'POST', BASE, {
      auth,
      body: automation(hookUrl, 'wix_form_app-form_submitted'),
    });
    const current = created.body.automation as { id: string; configuration: Record<string, unknown> };
    await call(sandbox, 'PATCH', `${BASE}/${current.id}`, {
      auth,
      body: { automation: { ...current, configuration: { ...current.configuration, status: 'INACTIVE' } } },
    });
    expect(await sandbox.fireAutomations('wix_form_app-form_submitted')).toEqual([]);
  });
});
