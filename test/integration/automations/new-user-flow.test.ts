import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import {
  addApiKeyConnection,
  BOOKING_CANCELED,
  bookingRule,
  cliOf,
  runsOf,
  siteAutomations,
  webhookUrlOf,
} from './support.ts';

describe('a Wix Automations trigger, as a new user sets it up', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack());
    await addApiKeyConnection(stack, sandbox, 'my-site');
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the catalogue’s Automations triggers by app, and asks the site which it has', async () => {
    const cli = cliOf(stack);

    const catalogue = await cli(['triggers', '--automations', '--app', 'invoices']);
    const site = await cli([
      'triggers',
      '--automations',
      '--connection',
      'my-site',
      '--app',
      'bookings',
      '--json',
    ]);

    expect(catalogue.stdout).toContain('automation:wix_invoices-invoice_paid');
    expect(catalogue.stdout).toContain('invoiceId');
    expect(catalogue.stdout).not.toContain('wix_bookings');
    const resolved = JSON.parse(site.stdout) as { trigger: string; fields: string[] }[];
    expect(resolved).toHaveLength(27);
    expect(resolved.find((t) => t.trigger === BOOKING_CANCELED)?.fields).toContain('bookingId');
    expect(sandbox.requests.some((r) => r.path === '/v1/triggers/resolve' && r.status === 200)).toBe(true);
  }, 60_000);

  it('applies a rule, provisions one hidden automation, runs the action when it fires, and deletes it with the rule', async () => {
    const cli = cliOf(stack);
    const file = join(stack.dataDir, 'booking.yaml');
    writeFileSync(file, bookingRule('canceled-bookings', 'my-site'));

    const slotOf = async () =>
      (
        await stack.stores.db.send(
          new GetCommand({
            TableName: stack.stores.tables.events,
            Key: { pk: `rate#${sandbox.instanceId}` },
          }),
        )
      ).Item;
    const before = ((await slotOf())?.nextAt as number | undefined) ?? 0;

    const applied = await cli(['rules', 'apply', file]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`my-site: ${BOOKING_CANCELED} created`);
    // The provisioning calls took their slots from the site's rate limiter, like the consumers' calls.
    expect(((await slotOf())?.nextAt as number) ?? 0).toBeGreaterThan(before);
    const [automation, ...others] = await siteAutomations(sandbox);
    expect(others).toEqual([]);
    expect(automation).toMatchObject({
      origin: 'USER',
      settings: { hidden: true },
      configuration: {
        status: 'ACTIVE',
        trigger: {
          appId: '13d21c63-b5ec-5912-8397-c3a5ddb27a97',
          triggerKey: 'wix_bookings-booking_canceled',
        },
      },
    });
    expect(webhookUrlOf(automation ?? {})).toMatch(
      new RegExp(`^${stack.apiUrl}/webhooks/automations/[A-Za-z0-9_-]{43}$`),
    );

    const payload = join(stack.dataDir, 'payload.json');
    writeFileSync(payload, JSON.stringify({ bookingId: 'b-123', serviceName: 'Intro call' }));
    const planned = await cli(['rules', 'test', 'canceled-bookings', '--event', payload]);
    expect(planned.stdout).toContain(`triggers: ${BOOKING_CANCELED}`);
    expect(planned.stdout).toContain('"firstName":"Booking b-123"');

    const emitted = await cli(['sandbox', 'emit', BOOKING_CANCELED]);
    expect(emitted.stderr).toBe('');
    expect(emitted.stdout).toContain('1 automation posted');
    const [run] = await runsOf(stack, 'canceled-bookings');
    expect(run?.status).toBe('succeeded');
    expect(run?.trigger).toBe(BOOKING_CANCELED);
    const created = sandbox.requests.find((r) => r.method === 'POST' && r.path === '/contacts/v4/contacts');
    const info = (created?.body ?? {}) as { info?: { name?: { first?: string } } };
    expect(info.info?.name?.first).toMatch(/^Booking [0-9a-f-]{36}$/);

    const deleted = await cli(['rules', 'delete', 'canceled-bookings']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`my-site: ${BOOKING_CANCELED} deleted`);
    expect(await siteAutomations(sandbox)).toEqual([]);
    expect(await stack.stores.automations.listRecords()).toEqual([]);
  }, 60_000);
});
