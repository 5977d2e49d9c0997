import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalContext } from '#cli/context.ts';
import { startConsole } from '#console/server.ts';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { automationEvent } from '#shared/automations/automation-event.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';
import {
  addApiKeyConnection,
  asSiteOwner,
  BOOKING_CANCELED,
  bookingRule,
  cliOf,
  runsOf,
  siteAutomations,
  webhookUrlOf,
} from './support.ts';

const AUTOMATIONS = '/automations-service/v2/automations';
const BOOKINGS_APP = '13d21c63-b5ec-5912-8397-c3a5ddb27a97';

describe('wixflow automations kept in step with the rules', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let cli: ReturnType<typeof cliOf>;

  const apply = async (name: string, text: string) => {
    const file = join(stack.dataDir, `${name}.yaml`);
    writeFileSync(file, text);
    const result = await cli(['rules', 'apply', file]);
    if (result.code !== 0) throw new Error(`rules apply failed: ${result.stderr}`);
    return result;
  };
  const ours = async () =>
    (await siteAutomations(sandbox)).filter((a) => String(a.name).startsWith('wixflow|'));
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack());
    cli = cliOf(stack);
    await addApiKeyConnection(stack, sandbox, 'my-site');
    await apply('first', bookingRule('first', 'my-site'));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('reuses the one automation for a second rule on the same trigger, and when nothing changed', async () => {
    const [before] = await ours();

    const second = await apply('second', bookingRule('second', 'my-site'));
    const again = await apply('second', bookingRule('second', 'my-site'));

    expect(second.stdout).not.toContain(`${BOOKING_CANCELED} created`);
    expect(again.stdout).not.toContain(`${BOOKING_CANCELED} created`);
    expect((await ours()).map((a) => a.id)).toEqual([before?.id]);
    const emitted = await cli(['sandbox', 'emit', BOOKING_CANCELED]);
    expect(emitted.code).toBe(0);
    expect((await runsOf(stack, 'second'))[0]?.status).toBe('succeeded');
  }, 60_000);

  it('treats an identical re-sent body as a duplicate and a new body as a new event', async () => {
    const [automation] = await ours();
    const url = webhookUrlOf(automation ?? {});
    const body = { bookingId: 'b-dup-1', serviceName: 'Intro call' };

    const first = await post(url, body);
    const { accepted } = (await first.json()) as { accepted: string };
    await waitFor(
      'the first delivery to finish',
      async () => (await stack.stores.events.get(accepted))?.status === 'done',
    );
    const resent = await post(url, { serviceName: 'Intro call', bookingId: 'b-dup-1' });
    const other = await post(url, { ...body, bookingId: 'b-dup-2' });

    expect(first.status).toBe(200);
    expect(resent.status).toBe(200);
    expect(((await resent.json()) as { accepted: string }).accepted).toBe(accepted);
    expect(((await other.json()) as { accepted: string }).accepted).not.toBe(accepted);
    const record = await waitFor('the re-send to count as a duplicate', async () => {
      const r = await stack.stores.events.get(accepted);
      return (r?.duplicates ?? 0) >= 1 && r;
    });
    expect(record.triggers).toEqual([BOOKING_CANCELED]);
    const runs = (await stack.stores.runs.list({ ruleId: 'first', limit: 100 })).filter(
      (r) => r.eventId === accepted,
    );
    expect(runs).toHaveLength(1);
  }, 60_000);

  it('answers 400 for a body that is not a JSON object and 401 for a token it never issued', async () => {
    const [automation] = await ours();
    const url = webhookUrlOf(automation ?? {});
    const forged = `${stack.apiUrl}/webhooks/automations/${'A'.repeat(43)}`;

    expect((await post(url, [1, 2])).status).toBe(400);
    expect((await fetch(url, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await post(forged, { bookingId: 'b-forged' })).status).toBe(401);
    expect((await post(`${stack.apiUrl}/webhooks/automations/short`, { bookingId: 'b-forged' })).status).toBe(
      401,
    );
    const tooLarge = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ pad: 'x'.repeat(2_000_000) }),
    });
    expect(tooLarge.status).toBe(413);
  });

  it('repairs drift: recreates a deleted automation, restores an edited one, and retires the old URLs', async () => {
    const [original] = await ours();
    const oldUrl = webhookUrlOf(original ?? {});
    await asSiteOwner(sandbox, 'DELETE', `${AUTOMATIONS}/${original?.id}`);

    const dry = await cli(['automations', 'sync', '--dry-run']);
    expect(dry.stdout).toContain(`my-site: ${BOOKING_CANCELED} would recreate`);
    expect(await ours()).toEqual([]);
    const repaired = await cli(['automations', 'sync']);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain(`my-site: ${BOOKING_CANCELED} recreated`);
    const [recreated] = await ours();
    expect(recreated?.id).not.toBe(original?.id);
    expect((await post(oldUrl, { bookingId: 'b-after-recreate' })).status).toBe(401);

    // The owner switches it off behind wixflow's back (an update sends origin and settings as fetched).
    const current = (await asSiteOwner(sandbox, 'GET', `${AUTOMATIONS}/${recreated?.id}`)).body
      .automation as Record<string, unknown>;
    const edited = await asSiteOwner(sandbox, 'PATCH', `${AUTOMATIONS}/${recreated?.id}`, {
      automation: {
        ...current,
        configuration: { ...(current.configuration as object), status: 'INACTIVE' },
      },
    });
    expect(edited.status).toBe(200);
    const restored = await cli(['automations', 'sync']);
    expect(restored.stdout).toContain(`my-site: ${BOOKING_CANCELED} restored`);
    expect(restored.stdout).toContain('status INACTIVE');
    const [after] = await ours();
    expect(after?.id).toBe(recreated?.id);
    expect(after).toMatchObject({ configuration: { status: 'ACTIVE' }, revision: '3' });
    expect((await post(webhookUrlOf(recreated ?? {}), { bookingId: 'b-old-token' })).status).toBe(401);
    expect((await post(webhookUrlOf(after ?? {}), { bookingId: 'b-new-token' })).status).toBe(200);

    const listed = await cli(['automations', 'list']);
    expect(listed.stdout).toMatch(
      /my-site +automation:wix_bookings-booking_canceled +\S+ +active +http:\/\/localhost:\d+\/webhooks\/automations\/<token #[0-9a-f]{8}>/,
    );
  }, 60_000);

  it('issues a new URL on rotate and answers 401 to the old one, queueing nothing', async () => {
    const [before] = await ours();
    const oldUrl = webhookUrlOf(before ?? {});
    const body = { bookingId: 'b-rotated-away' };

    const rotated = await cli(['automations', 'rotate', 'my-site']);
    const refused = await post(oldUrl, body);

    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('answer 401');
    expect(refused.status).toBe(401);
    const [after] = await ours();
    expect(after?.id).toBe(before?.id);
    expect((await post(webhookUrlOf(after ?? {}), { bookingId: 'b-rotated-in' })).status).toBe(200);
    // Had the refused body been queued, its event would be in the log by now (the accepted one is).
    const target = {
      connectionId: 'my-site',
      instanceId: sandbox.instanceId,
      appId: BOOKINGS_APP,
      triggerKey: 'wix_bookings-booking_canceled',
    };
    const wouldBe = automationEvent(body, target, new Date()).eventId;
    const accepted = automationEvent({ bookingId: 'b-rotated-in' }, target, new Date()).eventId;
    await waitFor(
      'the accepted event',
      async () => (await stack.stores.events.get(accepted))?.status === 'done',
    );
    expect(await stack.stores.events.get(wouldBe)).toBeUndefined();
  }, 60_000);

  it('deletes the automation when the last rule on it is disabled in the console, and makes it again on enable', async () => {
    await apply('second', bookingRule('second', 'my-site', 'enabled: false\n'));
    const ctx = await openLocalContext(stack.dataDir);
    const web = await startConsole({ ctx, token: 'test-token-0123456789' });
    try {
      const login = await fetch(web.loginUrl, { redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const toggle = (enabled: string) =>
        fetch(`${web.url}/rules/first/enabled`, {
          method: 'POST',
          headers: { cookie, origin: web.url, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ enabled }),
          redirect: 'manual',
        });

      const disabled = await toggle('no');
      expect(decodeURIComponent(disabled.headers.get('location') ?? '').replaceAll('+', ' ')).toContain(
        `${BOOKING_CANCELED} deleted on my-site`,
      );
      expect(await ours()).toEqual([]);
      await toggle('yes');
      expect(await ours()).toHaveLength(1);
    } finally {
      await web.stop();
      await ctx.close();
    }
  }, 60_000);

  it('never touches an automation it did not create', async () => {
    const mine = await asSiteOwner(sandbox, 'POST', AUTOMATIONS, {
      automation: {
        name: 'Owner’s own: thank-you email',
        origin: 'USER',
        configuration: {
          status: 'ACTIVE',
          trigger: { appId: BOOKINGS_APP, triggerKey: 'wix_bookings-booking_canceled', filters: [] },
          rootActionIds: ['4f7e3c2a-1b2c-4d5e-8f90-123456789abc'],
          actions: {
            '4f7e3c2a-1b2c-4d5e-8f90-123456789abc': {
              type: 'APP_DEFINED',
              appDefinedInfo: {
                appId: '139ef4fa-c108-8f9a-c7be-d5f492a2c939',
                actionKey: 'send-mail',
                inputMapping: {},
              },
            },
          },
        },
      },
    });
    const id = (mine.body.automation as { id: string }).id;

    const synced = await cli(['automations', 'sync']);
    await apply('first', bookingRule('first', 'my-site', 'enabled: false\n'));
    await apply('second', bookingRule('second', 'my-site', 'enabled: false\n'));

    expect(synced.code).toBe(0);
    expect(await ours()).toEqual([]);
    expect((await asSiteOwner(sandbox, 'GET', `${AUTOMATIONS}/${id}`)).status).toBe(200);
  }, 60_000);

  it('deletes the automations of a removed connection and retires their URLs', async () => {
    await apply('third', bookingRule('third', 'my-site'));
    const [automation] = await ours();
    const url = webhookUrlOf(automation ?? {});

    const removed = await cli(['connections', 'remove', 'my-site']);

    expect(removed.code).toBe(0);
    expect(await ours()).toEqual([]);
    expect((await post(url, { bookingId: 'b-after-remove' })).status).toBe(401);
    expect(await stack.stores.automations.listRecords()).toEqual([]);
  }, 60_000);
});
