import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallState, installStateKey } from '#shared/oauth/install-state.ts';
import { DEPLOYABLE_CONTEXT, synthWixflow } from '../infra/synth.ts';
import { waitFor } from '../support/wait.ts';
import {
  LEGACY_PRODUCT_CREATED,
  newProductOn,
  startThreeSites,
  type ThreeSites,
} from './connections/three-sites.ts';
import { browse } from './oauth/harness.ts';

/** The secret part of an outside hook a rule posts to, kept as a rule secret (like a Slack hook path). */
const HOOK_TOKEN = 'T0RULE/B0RULE/rule-secret-hook-token-42';
const NOTIFY_RULE = `id: tell-hook
connection: "*"
trigger: products.created
actions:
  - id: post
    module: http.request
    input:
      url: "{{ secrets.productHook }}"
      method: POST
      body: { text: "New product {{ trigger.entityId }}" }
`;

/** An outside service that refuses every call with a 404 quoting the URL it was called at. */
async function outsideHook(): Promise<{ url: string; calls: string[]; stop: () => void }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(req.url ?? '');
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no hook at ${req.url}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stop: () => server.close(),
  };
}

/** A rule on a Wix Automations trigger for every connection: app connections and the API-key one. */
const AUTOMATION_RULE = `id: canceled-bookings
connection: "*"
trigger: automation:wix_bookings-booking_canceled
actions:
  - id: note
    module: contacts.create
    input:
      firstName: "Booking {{ trigger.entityId }}"
      allowDuplicates: true
`;
const INTAKE_TOKEN = /\/webhooks\/automations\/([A-Za-z0-9_-]{43})/g;

/** A key the account owner mistyped: still a secret, and Wix refuses it. */
const WRONG_API_KEY = 'IST.wrong-key-that-must-stay-secret-0123456789';

interface Artefact {
  name: string;
  text: string;
}

describe('secrets hygiene: no secret in any log, output, record or template', () => {
  let s: ThreeSites;
  let hook: Awaited<ReturnType<typeof outsideHook>>;
  let secrets: { kind: string; value: string }[];
  let artefacts: Artefact[];

  beforeAll(async () => {
    s = await startThreeSites({ logLevel: 'debug' });
    const { installed, wix, stack } = s;

    // Every flow once, and the unhappy paths: calls with each kind of credential…
    for (const site of [s.installed, s.appInstalled, s.keyed]) await newProductOn(s, site);
    // …a forged install state…
    const forged = createInstallState(installStateKey('guessed'), { now: Date.now() });
    const refused = await browse(`${stack.apiUrl}/oauth/callback?code=x&instanceId=y&state=${forged}`, 1);
    s.pages.push(...refused.map((hop) => hop.body));
    // …an access token Wix expires mid-run, then a refresh token Wix revokes…
    wix.expireAccessTokens(installed.instanceId);
    await newProductOn(s, installed);
    wix.revokeRefreshTokens(installed.instanceId);
    wix.expireAccessTokens(installed.instanceId);
    await newProductOn(s, installed);
    // …and a run that fails because Wix refuses an API key.
    const badSite = wix.addSite();
    const keyFile = join(s.dataDir, 'wrong-key.txt');
    writeFileSync(keyFile, WRONG_API_KEY);
    await s.cli(
      ['connections', 'add', '--id', 'shop-wrong-key', '--instance-id', badSite.instanceId].concat([
        '--api-key-file',
        keyFile,
        '--site-id',
        badSite.siteId,
      ]),
    );
    await wix.emit(LEGACY_PRODUCT_CREATED, { webhookUrl: stack.webhookUrl, instanceId: badSite.instanceId });
    const failed = await waitFor('the failed run', async () =>
      (await stack.stores.runs.list({ limit: 1000 })).find(
        (r) => r.instanceId === badSite.instanceId && r.status === 'failed',
      ),
    );

    // …and a rule whose outside hook URL is a rule secret, which that hook quotes back in its refusal.
    hook = await outsideHook();
    const hookFile = join(s.dataDir, 'hook.txt');
    writeFileSync(hookFile, `${hook.url}/services/${HOOK_TOKEN}\n`);
    writeFileSync(join(s.dataDir, 'notify.yaml'), NOTIFY_RULE);
    await s.cli(['secrets', 'set', 'productHook', '--file', hookFile]);
    await s.cli(['rules', 'apply', join(s.dataDir, 'notify.yaml')]);
    await newProductOn(s, s.keyed);
    await waitFor('the failed hook run', async () =>
      (await stack.stores.runs.list({ limit: 1000 })).find(
        (r) => r.ruleId === 'tell-hook' && r.status === 'failed',
      ),
    );

    // …Wix Automations triggers: provisioned on every site, fired, one URL rotated (its old token then refused)…
    writeFileSync(join(s.dataDir, 'bookings.yaml'), AUTOMATION_RULE);
    await s.cli(['rules', 'apply', join(s.dataDir, 'bookings.yaml')]);
    await s.cli(['automations', 'list']);
    for (const site of [s.installed, s.appInstalled, s.keyed]) {
      await wix.fireAutomations('wix_bookings-booking_canceled', { instanceId: site.instanceId });
    }
    await waitFor('a run on every site', async () => {
      const runs = await stack.stores.runs.list({ ruleId: 'canceled-bookings', limit: 100 });
      return runs.filter((r) => r.status === 'succeeded').length >= 3;
    });
    const keyedRequests = wix.requests.filter((r) => r.instanceId === s.keyed.instanceId);
    const [retired] = [...JSON.stringify(keyedRequests).matchAll(INTAKE_TOKEN)].map((m) => m[0]);
    await s.cli(['automations', 'rotate', s.keyed.connectionId]);
    await fetch(`${stack.apiUrl}${retired}`, { method: 'POST', body: '{"bookingId":"b-late"}' });
    await fetch(`${stack.apiUrl}${retired}/extra`, { method: 'POST', body: '{}' });
    await s.cli(['automations', 'sync', '--dry-run']);
    await s.cli(['automations', 'sync', '--json']);
    await s.cli(['automations', 'list', '--json']);

    // What a user reads: the CLI…
    await s.cli(['connections', 'list']);
    await s.cli(['connections', 'list', '--json']);
    await s.cli(['runs', 'list', '--json']);
    await s.cli(['runs', 'show', failed.runId]);
    await s.cli(['runs', 'show', failed.runId, '--json']);
    await s.cli(['connections', 'remove', 'shop-wrong-key']);

    secrets = [
      { kind: 'app secret', value: wix.appSecret },
      { kind: 'API key', value: wix.apiKey },
      { kind: 'API key', value: WRONG_API_KEY },
      { kind: 'rule secret', value: HOOK_TOKEN },
      ...wix.requests.flatMap((r) => {
        const response = (r.response ?? {}) as Record<string, unknown>;
        const body = (r.body ?? {}) as Record<string, unknown>;
        return [
          { kind: 'access token', value: response.access_token },
          { kind: 'refresh token', value: response.refresh_token },
          { kind: 'refresh token', value: body.refresh_token },
          { kind: 'authorization', value: r.headers.authorization },
        ].filter((x): x is { kind: string; value: string } => typeof x.value === 'string');
      }),
      // Every token Wix was ever given in an automation's URL (the sandbox keeps each request).
      ...[...new Set([...JSON.stringify(wix.requests).matchAll(INTAKE_TOKEN)].map((m) => m[1] ?? ''))].map(
        (value) => ({ kind: 'automation URL token', value }),
      ),
    ];

    // The template is built with the app's settings, and the app secret in the environment of the synth.
    const previous = process.env.WIX_APP_SECRET;
    process.env.WIX_APP_SECRET = wix.appSecret;
    let template: string;
    try {
      template = JSON.stringify(
        synthWixflow({
          ...DEPLOYABLE_CONTEXT,
          wixAppId: wix.appId,
          wixAppPublicKey: wix.publicKeyPem,
          wixApiBaseUrl: wix.url,
          wixInstallerUrl: `${wix.url}/installer/install`,
        }).template.toJSON(),
      );
    } finally {
      if (previous === undefined) delete process.env.WIX_APP_SECRET;
      else process.env.WIX_APP_SECRET = previous;
    }

    artefacts = [
      { name: 'local stack log file', text: readFileSync(join(s.dataDir, 'wixflow.log'), 'utf8') },
      { name: 'local stack terminal', text: s.printed.join('\n') },
      { name: 'run records', text: JSON.stringify(await stack.stores.runs.list({ limit: 1000 })) },
      {
        name: 'event records',
        text: JSON.stringify(await stack.stores.events.listSince(new Date(0), 10_000)),
      },
      { name: 'connection records', text: JSON.stringify(await stack.stores.connections.list()) },
      {
        // Automation records and token items sit in the events table beside the event log.
        name: 'events table items',
        text: JSON.stringify(
          (await stack.stores.db.send(new ScanCommand({ TableName: stack.stores.tables.events }))).Items,
        ),
      },
      ...s.cliRuns.map((run, i) => ({ name: `CLI run ${i + 1}`, text: `${run.stdout}\n${run.stderr}` })),
      { name: 'install pages', text: s.pages.join('\n') },
      { name: 'CloudFormation template', text: template },
    ];
  }, 120_000);
  afterAll(async () => {
    hook?.stop();
    await s?.stop();
  });

  it('exercised every kind of secret: app secret, API keys, access and refresh tokens, rule secrets', () => {
    const kinds = new Set(secrets.map((x) => x.kind));
    expect([...kinds].sort()).toEqual([
      'API key',
      'access token',
      'app secret',
      'authorization',
      'automation URL token',
      'refresh token',
      'rule secret',
    ]);
    // One per site, plus the rotated one.
    expect(secrets.filter((x) => x.kind === 'automation URL token').length).toBeGreaterThanOrEqual(4);
    // The rule really called the hook with the secret's value.
    expect(hook.calls).toContain(`/services/${HOOK_TOKEN}`);
    const legacyTokens = secrets.filter((x) => x.kind === 'access token' && x.value.startsWith('LEGACY.AT'));
    expect(legacyTokens.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the secrets in the secret store, where the scan finds them (it can see a leak)', () => {
    const store = readFileSync(join(s.dataDir, 'secrets.json'), 'utf8');

    expect(store).toContain(s.wix.apiKey);
    expect(store).toContain(s.wix.appSecret);
    expect(store).toContain(HOOK_TOKEN);
  });

  it('wrote logs, records and output worth scanning', () => {
    const named = Object.fromEntries(artefacts.map((a) => [a.name, a.text]));

    expect(named['local stack log file']).toContain('Wix app installed');
    expect(named['local stack log file']).toContain('Wix rejected the refresh token');
    expect(named['install pages']).toContain('not issued by this wixflow');
    expect(named['run records']).toContain('"status":"failed"');
    expect(named['run records']).toContain('[secret productHook]');
    expect(named['CloudFormation template']).toContain(s.wix.appId);
    expect(named['local stack log file']).toContain('automation webhook accepted');
    expect(named['local stack log file']).toContain('unknown or retired automation URL');
    expect(named['events table items']).toContain('automation-token#');
    expect(s.cliRuns.map((r) => r.stdout).join('\n')).toContain('/webhooks/automations/<token #');
  });

  it('never shows a secret in a log, an error, a run record, CLI output, a page or the template', () => {
    const leaks = artefacts.flatMap((artefact) =>
      secrets
        .filter((secret) => artefact.text.includes(secret.value))
        .map((secret) => `${secret.kind} …${secret.value.slice(-6)} in ${artefact.name}`),
    );

    expect([...new Set(leaks)]).toEqual([]);
  });
});
