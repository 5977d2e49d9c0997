import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { type BackfillJob, runBackfillJob } from '#shared/backfill/backfill.ts';
import { allPages, queryFor } from '#shared/backfill/entity-queries.ts';
import { DynamoJobStore } from '#shared/backfill/jobs.ts';
import { createLogger } from '#shared/log.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { sweepConnection } from '#shared/reconcile/sweep.ts';
import { DynamoWatermarkStore } from '#shared/reconcile/watermarks.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import type { Connection } from '#shared/store/connections.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { type WixApi, WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { useLocalStores } from '../../support/local-stores.ts';

const T0 = Date.parse('2026-11-01T10:00:00.000Z');
const HOUR = 3_600_000;
const log = createLogger({ level: 'error' });

describe('back-fill and reconciliation queries on the sandbox', () => {
  const stores = useLocalStores();
  let sandbox: WixSandbox;
  let clock = T0;
  let wix: WixApi;
  let connection: Connection;

  beforeAll(async () => {
    sandbox = await startWixSandbox({ now: () => clock });
    const site = sandbox.addSite({ catalogVersion: 'V3_CATALOG' });
    wix = new WixHttpClient({
      baseUrl: sandbox.url,
      auth: new ApiKeyAuth(async () => sandbox.apiKey, { siteId: site.siteId }),
    });
    connection = {
      id: 'site-a',
      instanceId: site.instanceId,
      status: 'active',
      catalogVersion: 'V3_CATALOG',
    } as unknown as Connection;
    for (const [i, name] of ['Ada', 'Grace', 'Linus'].entries()) {
      clock = T0 + i * HOUR;
      const created = await wix.request({
        method: 'POST',
        path: '/contacts/v4/contacts',
        body: { info: { name: { first: name }, emails: { items: [{ email: `${name}@example.com` }] } } },
      });
      expect(created.status).toBe(200);
    }
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const ctx = () => ({ wix, catalog: async () => 'V3_CATALOG' as const });

  it('finds the contacts created in a window, oldest first, and nothing outside it', async () => {
    const query = queryFor('contacts.created');
    if (!query) throw new Error('contacts.created has a query');
    const window = { since: new Date(T0 + HOUR / 2), until: new Date(T0 + 3 * HOUR) };
    const found = [];
    for await (const page of allPages(query, window, ctx())) found.push(...page);
    expect(found.map((c) => (c.entity.info as { name: { first: string } }).name.first)).toEqual([
      'Grace',
      'Linus',
    ]);
  });

  it.each([
    ['V3_CATALOG', 150],
    ['V1_CATALOG', 150],
  ] as const)(
    'pages through products created in a window on %s (%i products, several pages)',
    async (catalogVersion, count) => {
      const site = sandbox.addSite({ catalogVersion });
      clock = T0 + 10 * HOUR;
      sandbox.generateProducts(count, { instanceId: site.instanceId, prefix: `Paged ${catalogVersion}` });
      const client = new WixHttpClient({
        baseUrl: sandbox.url,
        auth: new ApiKeyAuth(async () => sandbox.apiKey, { siteId: site.siteId }),
      });
      let calls = 0;
      const counted: WixApi = {
        request: (request) => {
          calls += 1;
          return client.request(request);
        },
      };
      const query = queryFor('products.created');
      if (!query) throw new Error('products.created has a query');
      const window = { since: new Date(T0 + 10 * HOUR), until: new Date(T0 + 11 * HOUR) };
      const ids: string[] = [];
      for await (const page of allPages(query, window, { wix: counted, catalog: async () => catalogVersion }))
        ids.push(...page.map((c) => c.entityId));
      expect(ids).toHaveLength(count);
      expect(new Set(ids).size).toBe(count);
      expect(calls).toBe(2);
    },
  );

  it.each([
    ['bookings.created', 'wix.bookings.v2.booking_created'],
    ['events.created', 'wix.events.v3.event_created'],
    ['tasks.created', 'wix.crm.tasks.v2.task_created'],
  ] as const)(
    "finds the %s of the business apps (seeded from Wix's examples) and decodes them to the trigger",
    async (trigger, eventType) => {
      clock = T0 + 20 * HOUR;
      await wix.request({
        method: 'POST',
        path: '/crm/tasks/v2/tasks',
        body: { task: { title: 'Call back' } },
      });
      const query = queryFor(trigger);
      if (!query) throw new Error(`${trigger} has a query`);
      const window = { since: new Date('2000-01-01T00:00:00Z'), until: new Date(T0 + 21 * HOUR) };
      const found = [];
      for await (const page of allPages(query, window, ctx())) found.push(...page);
      expect(found.length).toBeGreaterThan(0);
      const { syntheticEvent } = await import('#shared/backfill/synthetic-event.ts');
      for (const change of found) {
        const event = syntheticEvent(query, change, {
          source: 'backfill',
          instanceId: 'i',
          ruleId: 'r',
          now: new Date(),
        });
        expect(event.eventType).toBe(eventType);
        const match = resolveTriggers(event).find((m) => m.trigger === trigger);
        expect(match?.context.entityId).toBe(change.entityId);
      }
    },
  );

  it('makes synthetic events that decode to their trigger with the entity, like a webhook', async () => {
    const query = queryFor('contacts.created');
    if (!query) throw new Error('contacts.created has a query');
    const [first] = (await query.page({ since: new Date(T0), until: new Date(T0 + HOUR) }, ctx())).changes;
    const { syntheticEvent } = await import('#shared/backfill/synthetic-event.ts');
    const event = syntheticEvent(query, first ?? expect.fail('a contact'), {
      source: 'reconcile',
      instanceId: connection.instanceId,
      now: new Date(),
    });
    const [match] = resolveTriggers(event);
    expect(match?.trigger).toBe('contacts.created');
    expect(match?.context.entityId).toBe(first?.entityId);
    expect(match?.context.event.source).toBe('reconcile');
    expect(match?.changeKey).toBe(`change:contacts.created:${first?.entityId}`);
  });

  it('sweeps: the first sweep only sets the watermark, a quiet sweep costs one query, a missed change is queued once', async () => {
    const sent: WixEvent[] = [];
    const queue: EventQueue = { send: async (event) => void sent.push(event) };
    const deps = {
      wixFor: () => wix,
      catalogOf: async () => 'V3_CATALOG' as const,
      queue,
      events: stores().events,
      watermarks: new DynamoWatermarkStore(stores().db, stores().tables.events),
      log,
      now: () => new Date(clock),
    };
    const options = { graceMs: 60_000, overlapMs: 0 };
    clock = T0 + 4 * HOUR;
    const first = await sweepConnection(connection, ['contacts.created'], deps, options);
    expect(first).toMatchObject({ queries: 0, reconciled: 0 });

    clock = T0 + 5 * HOUR;
    const quiet = await sweepConnection(connection, ['contacts.created'], deps, options);
    expect(quiet).toMatchObject({ queries: 1, found: 0, reconciled: 0 });

    // A contact is created whose webhook never arrives; another whose webhook the consumer already claimed.
    clock = T0 + 5 * HOUR + 60_000;
    const missed = await wix.request<{ contact: { id: string } }>({
      method: 'POST',
      path: '/contacts/v4/contacts',
      body: { info: { name: { first: 'Missed' } } },
    });
    const delivered = await wix.request<{ contact: { id: string } }>({
      method: 'POST',
      path: '/contacts/v4/contacts',
      body: { info: { name: { first: 'Delivered' } } },
    });
    await stores().events.claimOnce(
      connection.instanceId,
      `change:contacts.created:${delivered.body.contact.id}`,
      'the-real-webhook',
    );
    clock = T0 + 6 * HOUR;
    const swept = await sweepConnection(connection, ['contacts.created'], deps, options);
    expect(swept).toMatchObject({ queries: 1, found: 2, reconciled: 1 });
    expect(sent.map((e) => (e.data as { entityId: string }).entityId)).toEqual([missed.body.contact.id]);
    expect(sent[0]?.source).toBe('reconcile');
  });

  it('runs a back-fill job over several invocations, each (rule, entity) once, and counts a dry run', async () => {
    const rule = {
      id: 'welcome',
      enabled: true,
      connection: '*',
      trigger: ['contacts.created', 'contacts.deleted'],
      actions: [],
      version: '1',
      updatedAt: '',
    } as unknown as StoredRule;
    const sent: WixEvent[] = [];
    const continued: BackfillJob[] = [];
    let pagesLeft = 0;
    const jobs = new DynamoJobStore(stores().db, stores().tables.events);
    const deps = {
      rules: async () => [rule],
      connectionsFor: async () => [connection],
      wixFor: () => wix,
      catalogOf: async () => 'V3_CATALOG' as const,
      queue: { send: async (event: WixEvent) => void sent.push(event) },
      continueJob: async (job: BackfillJob) => void continued.push(job),
      events: stores().events,
      jobs,
      hasTime: () => pagesLeft-- > 0,
      log,
    };
    const job: BackfillJob = {
      jobId: 'job-1',
      ruleId: 'welcome',
      since: new Date(T0).toISOString(),
      until: new Date(T0 + 3 * HOUR).toISOString(),
      force: false,
      dryRun: false,
      position: { connection: 0, query: 0 },
    };
    // No time at all: the job is handed on untouched.
    await runBackfillJob(job, deps);
    expect(continued).toHaveLength(1);
    pagesLeft = 5;
    await runBackfillJob(continued[0] as BackfillJob, deps);
    const progress = await jobs.get('job-1');
    expect(progress).toMatchObject({
      status: 'done',
      found: 3,
      queued: 3,
      triggers: ['contacts.created'],
      unsupported: ['contacts.deleted'],
    });
    expect(new Set(sent.map((e) => e.eventId)).size).toBe(3);
    expect(sent.every((e) => e.source === 'backfill' && e.ruleId === 'welcome')).toBe(true);

    // The consumer has logged the three events: the same back-fill again queues nothing.
    for (const event of sent)
      await stores().events.claim(event, { anonymize: false, leaseMs: 60_000, replay: false });
    pagesLeft = 5;
    await runBackfillJob({ ...job, jobId: 'job-2' }, deps);
    expect(await jobs.get('job-2')).toMatchObject({ status: 'done', found: 3, queued: 0, skipped: 3 });
    expect(sent).toHaveLength(3);

    // A dry run with --force counts what would run and queues nothing.
    pagesLeft = 5;
    await runBackfillJob({ ...job, jobId: 'job-3', force: true, dryRun: true }, deps);
    expect(await jobs.get('job-3')).toMatchObject({ status: 'done', found: 3, queued: 3, skipped: 0 });
    expect((await jobs.get('job-3'))?.samples).toHaveLength(3);
    expect(sent).toHaveLength(3);
  });
});
