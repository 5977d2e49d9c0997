import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliContext, openLocalContext } from '#cli/context.ts';
import { type RunningConsole, startConsole } from '#console/server.ts';
import { readRunningEndpoints } from '#local/endpoints.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { eventFinished, startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
const rawGet = (base: string, path: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });

describe('the console over a local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let ctx: CliContext;
  let web: RunningConsole;
  let cookie: string;
  let eventId: string;
  let productCreated = '';

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${web.url}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' });
  const post = (
    path: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return fetch(`${web.url}${path}`, {
      method: 'POST',
      headers: { cookie, origin: web.url, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
      redirect: 'manual',
    });
  };

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack());
    ctx = await openLocalContext(stack.dataDir);
    web = await startConsole({ ctx, token: 'test-token-0123456789' });
    const login = await fetch(web.loginUrl, { redirect: 'manual' });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // The demo site's catalog decides which product-created event Wix sends.
    const catalog = (await readRunningEndpoints(stack.dataDir))?.sandbox?.catalogVersion;
    productCreated =
      catalog === 'V3_CATALOG'
        ? 'wix.stores.catalog.v3.product_created'
        : 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
    await sandbox.emit(productCreated, { webhookUrl: stack.webhookUrl });
    eventId = await waitFor(
      'the event to be logged',
      async () => (await stack.stores.events.listSince(new Date(0)))[0]?.eventId,
    );
    await eventFinished(stack, eventId);
  });
  afterAll(async () => {
    await web.stop();
    await ctx.close();
    await stack.stop();
  });

  it('keeps the token from the link in an HttpOnly, same-site cookie and drops it from the address', async () => {
    // Act
    const login = await fetch(web.loginUrl, { redirect: 'manual' });
    // Assess
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('answers 401 without the token, and with a wrong one', async () => {
    // Act
    const none = await fetch(`${web.url}/runs`);
    const wrong = await fetch(`${web.url}/?token=guess`, { redirect: 'manual' });
    const wrongCookie = await fetch(`${web.url}/runs`, { headers: { cookie: 'wixflow_console=guess' } });
    // Assess
    expect([none.status, wrong.status, wrongCookie.status]).toEqual([401, 401, 401]);
  });

  it('refuses another Host (DNS rebinding) and a form posted from another origin (CSRF), changing nothing', async () => {
    // Prepare
    const before = await ctx.stores.rules.get('demo-new-products-to-new-arrivals');
    // Act
    const rebound = await rawGet(web.url, '/', { host: 'evil.example', cookie });
    const forged = await post(
      '/rules/demo-new-products-to-new-arrivals/enabled',
      { enabled: 'no' },
      { origin: 'http://evil.example' },
    );
    const noOrigin = await fetch(`${web.url}/rules/demo-new-products-to-new-arrivals/enabled`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'enabled=no',
    });
    // Assess
    expect(rebound).toBe(421);
    expect(forged.status).toBe(403);
    expect(noOrigin.status).toBe(403);
    expect((await ctx.stores.rules.get('demo-new-products-to-new-arrivals'))?.enabled).toBe(before?.enabled);
  });

  it('shows the overview, the run with its steps, and the event with its payload', async () => {
    // Act
    const overview = await (await get('/')).text();
    const record = await ctx.stores.events.get(eventId);
    const runId = record?.runIds[0] ?? '';
    const run = await (await get(`/runs/${encodeURIComponent(runId)}`)).text();
    const event = await (await get(`/events/${encodeURIComponent(eventId)}`)).text();
    // Assess
    expect(overview).toContain('<h1>Overview');
    expect(overview).toMatch(/<dt>received<\/dt><dd><a [^>]*>1<\/a>/);
    expect(run).toContain('collections.addProducts');
    expect(run).toContain('badge-succeeded');
    expect(event).toContain(productCreated);
    // A creation is recorded under its change's id; Wix's own id is shown, and finds the same page.
    const wixId = record?.originalEventId ?? '';
    expect(wixId).not.toBe('');
    expect(event).toContain(`<dt>Wix event id</dt><dd><code>${wixId}</code></dd>`);
    const byWixId = await (await get(`/events/${encodeURIComponent(wixId)}`)).text();
    expect(byWixId).toContain(`Event <code>${eventId}</code>`);
  });

  it('filters runs through the URL and pages long lists with a cursor', async () => {
    // Act
    const none = await (await get('/runs?status=failed')).text();
    const all = await (await get('/runs?status=succeeded')).text();
    // Assess
    expect(none).toContain('No runs match.');
    expect(all).toContain('demo-new-products-to-new-arrivals');
  });

  it('shows a replay plan first and queues nothing until it is confirmed', async () => {
    // Act
    const plan = await post('/events/replay', { event: eventId, force: 'yes' });
    const planText = await plan.text();
    const runsBefore = (await ctx.stores.runs.list({ limit: 100 })).length;
    const confirmed = await post('/events/replay', { event: eventId, force: 'yes', confirm: 'yes' });
    // Assess
    expect(plan.status).toBe(200);
    expect(planText).toContain('Nothing has been queued');
    expect(planText).toContain('Queue 1 event for replay');
    expect(runsBefore).toBe(1);
    expect(confirmed.status).toBe(303);
    const location = new URL(confirmed.headers.get('location') ?? '', web.url);
    expect(location.searchParams.get('ok')).toContain('Queued 1 event');
    // The forced replay runs a fresh run; later tests count the sandbox's calls, so it must be done first.
    await waitFor(
      'the replayed run to succeed',
      async () =>
        (await ctx.stores.runs.list({ limit: 100 })).filter((r) => r.status === 'succeeded').length === 2,
    );
  });

  it('validates an edited rule as rules apply does, pointing at the line, and saves only a valid one', async () => {
    // Prepare
    const id = 'demo-new-products-to-new-arrivals';
    const source = await (await get(`/rules/${id}/edit`)).text();
    const yaml =
      /<textarea[^>]*>([\s\S]*?)<\/textarea>/
        .exec(source)?.[1]
        ?.replaceAll('&#39;', "'")
        .replaceAll('&quot;', '"')
        .replaceAll('&amp;', '&') ?? '';
    const broken = yaml.replace('collections.addProducts', 'collections.addProduct');
    // Act
    const refused = await post(`/rules/${id}/edit`, { source: broken, action: 'save' });
    const refusedText = await refused.text();
    const stillStored = await ctx.stores.rules.get(id);
    const saved = await post(`/rules/${id}/edit`, {
      source: yaml.replace('enabled: true', 'enabled: false'),
      action: 'save',
    });
    // Assess
    expect(refused.status).toBe(422);
    expect(refusedText).toMatch(
      /line \d+<\/a>: <code>demo-new-products-to-new-arrivals: actions\.0\.module: /,
    );
    expect(stillStored?.actions[0]?.module).toBe('collections.addProducts');
    expect(saved.status).toBe(303);
    expect((await ctx.stores.rules.get(id))?.enabled).toBe(false);
  });

  it('dry-runs a rule against Wix’s documented sample, calling nothing', async () => {
    // Prepare
    const calls = sandbox.requests.length;
    // Act
    const page = await (
      await post('/rules/demo-new-products-to-new-arrivals/test', {
        event: 'sample:wix.stores.catalog.v3.product_created',
        catalog: 'V3_CATALOG',
      })
    ).text();
    // Assess
    expect(page).toContain('nothing was called');
    expect(page).toContain('Would send');
    expect(sandbox.requests.length).toBe(calls);
  });

  it('lists connections with their auth kind and the webhook URL to paste into Wix', async () => {
    // Act
    const page = await (await get('/connections')).text();
    // Assess
    expect(page).toContain('demo-shop');
    expect(page).toContain(stack.webhookUrl);
  });

  it('lists the automations wixflow provisioned, never their secret intake URL', async () => {
    // Prepare: the record `rules apply` keeps for a provisioned automation.
    await stack.stores.automations.putRecord({
      connectionId: 'demo-shop',
      appId: '13d21c63-b5ec-5912-8397-c3a5ddb27a97',
      triggerKey: 'wix_bookings-booking_canceled',
      automationId: 'automation-1',
      tokenHash: 'hash-of-the-token',
      publicUrl: 'https://wixflow.example.com',
      createdAt: '2026-12-04T00:00:00.000Z',
      updatedAt: '2026-12-04T00:00:00.000Z',
    });
    // Act
    const page = await (await get('/connections')).text();
    // Assess
    expect(page).toContain('automation:wix_bookings-booking_canceled');
    expect(page).toContain('automation-1');
    expect(page).toContain('https://wixflow.example.com/webhooks/automations/…');
    expect(page).not.toContain('hash-of-the-token');
  });
});
