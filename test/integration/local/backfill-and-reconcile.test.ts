import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { runCli } from '../../support/cli.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

/** An outside service that counts, per contact id, how often a rule told it about the contact. */
function startCounter(): Promise<{ server: Server; url: string; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const { contactId, source } = JSON.parse(body) as { contactId: string; source: string };
      const key = `${contactId}/${source}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      res.end('{}');
    });
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

describe('back-fill and reconciliation on the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;
  let counter: Awaited<ReturnType<typeof startCounter>>;

  const wix = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        Authorization: sandbox.apiKey,
        'wix-site-id': sandbox.siteId,
        'content-type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const createContact = async (first: string) =>
    (
      await wix<{ contact: Record<string, unknown> & { id: string } }>('POST', '/contacts/v4/contacts', {
        info: { name: { first } },
      })
    ).contact;
  const countFor = (contactId: string, source: string) => counter.seen.get(`${contactId}/${source}`) ?? 0;
  const cli = (...args: string[]) => runCli(args, { dataDir: stack.dataDir });

  beforeAll(async () => {
    counter = await startCounter();
    ({ stack, sandbox } = await startSandboxStack({ WIXFLOW_RECONCILE_INTERVAL: '1h' }));
    const demo = await stack.stores.rules.get('demo-new-products-to-new-arrivals');
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'tell-crm',
          connection: '*',
          trigger: 'contacts.created',
          actions: [
            {
              id: 'post',
              module: 'http.request',
              input: {
                method: 'POST',
                url: `${counter.url}/contacts`,
                body: { contactId: '{{ trigger.entityId }}', source: '{{ trigger.event.source }}' },
              },
            },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('the rule is valid');
    await stack.stores.rules.put(prepareRule(rule));
  });
  afterAll(async () => {
    await stack?.stop();
    counter?.server.close();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it('back-fills a rule over contacts created before it, once however often it is repeated', async () => {
    const contacts = [await createContact('Ada'), await createContact('Grace')];

    const dry = await cli('backfill', 'tell-crm', '--since', '1h', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: 2 entities found; 2 would run, 0 already back-filled\./);
    expect(dry.stdout).toContain('would send POST');
    expect(contacts.every((c) => countFor(c.id, 'backfill') === 0)).toBe(true);

    const first = await cli('backfill', 'tell-crm', '--since', '1h');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Queued 2 events for tell-crm; 0 already back-filled/);
    await waitFor('both contacts told', () => contacts.every((c) => countFor(c.id, 'backfill') === 1));

    const again = await cli('backfill', 'tell-crm', '--since', '1h');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Queued 0 events for tell-crm; 2 already back-filled/);
    const events = await cli('events', 'list', '--since', '1h');
    expect(events.stdout).toContain('backfill');
    expect(contacts.every((c) => countFor(c.id, 'backfill') === 1)).toBe(true);
  });

  it('refuses a rule it cannot back-fill with one line', async () => {
    const result = await cli('backfill', 'no-such-rule', '--since', '1d');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('wixflow: no rule "no-such-rule"; see `wixflow rules list`');
  });

  it('reconciles a change no webhook delivered, once, and a late webhook of it runs nothing', async () => {
    const start = Date.now();
    const at = (minutes: number) => ({ now: new Date(start + minutes * 60_000) });
    // The first sweep of the trigger sets its watermark; a quiet one costs one query. (It finds the contacts
    // back-filled above, which count as delivered.)
    await stack.sweep?.(at(0));
    const quiet = await stack.sweep?.(at(3));
    expect(quiet).toEqual([{ connectionId: expect.any(String), queries: 1, found: 2, reconciled: 0 }]);

    const missed = await createContact('Missed');
    const swept = await stack.sweep?.(at(6));
    expect(swept?.[0]).toMatchObject({ queries: 1, found: 3, reconciled: 1 });
    await waitFor('the missed contact told', () => countFor(missed.id, 'reconcile') === 1);
    // Found again by an overlapping sweep: the same derived event, nothing new.
    await stack.sweep?.(at(6));

    // Wix's webhook for it arrives at last (a retry hours later): the change is claimed, nothing runs.
    const late = sandbox.signWebhook({
      eventType: 'wix.contacts.v4.contact_created',
      instanceId: sandbox.instanceId,
      data: {
        id: randomUUID(),
        entityFqdn: 'wix.contacts.v4.contact',
        slug: 'created',
        entityId: missed.id,
        createdEvent: { entity: missed },
      },
    });
    const answer = await fetch(stack.webhookUrl, { method: 'POST', body: late });
    expect(answer.status).toBe(200);
    // A creation's id is its change's: the webhook is the reconciled event, arrived again.
    const lateId = ((await answer.json()) as { accepted: string }).accepted;
    const record = await waitFor('the late webhook counted as a duplicate', async () => {
      const r = await stack.stores.events.get(lateId);
      return (r?.duplicates ?? 0) >= 1 && r;
    });
    expect(record).toMatchObject({ source: 'reconcile', status: 'done' });
    expect(record.runIds).toHaveLength(1);
    expect(countFor(missed.id, 'reconcile') + countFor(missed.id, 'webhook')).toBe(1);
  });

  it('does not reconcile a change whose webhook came first', async () => {
    const contact = await createContact('Delivered');
    const body = sandbox.signWebhook({
      eventType: 'wix.contacts.v4.contact_created',
      instanceId: sandbox.instanceId,
      data: {
        id: randomUUID(),
        entityFqdn: 'wix.contacts.v4.contact',
        slug: 'created',
        entityId: contact.id,
        createdEvent: { entity: contact },
      },
    });
    expect((await fetch(stack.webhookUrl, { method: 'POST', body })).status).toBe(200);
    await waitFor('the webhook run', () => countFor(contact.id, 'webhook') === 1);

    const swept = await stack.sweep?.({ now: new Date(Date.now() + 30 * 60_000) });
    expect(swept?.[0]?.reconciled).toBe(0);
    expect(countFor(contact.id, 'reconcile')).toBe(0);
  });
});
