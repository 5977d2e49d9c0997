import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type ProcessEventDeps, processEvent } from '#shared/consumer/process-event.ts';
import { createRunAlerts } from '#shared/consumer/run-alerts.ts';
import { createLogger } from '#shared/log.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { DynamoEventStore } from '#shared/store/events.ts';
import { DynamoRunStore, RunBusyError } from '#shared/store/runs.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import { useLocalStores } from '../../support/local-stores.ts';
import { waitFor } from '../../support/wait.ts';

interface Write {
  operation: string;
  table: string;
  units: number;
}

/** The stores over a client that records each write with the capacity DynamoDB (here dynalite) reports. */
function countingStores(
  db: DynamoDBDocumentClient,
  tables: { events: string; runs: string; connections: string },
) {
  const writes: Write[] = [];
  const counting = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
        const operation = command.constructor.name.replace(/Command$/, '');
        const write = operation === 'Put' || operation === 'Update' || operation === 'Delete';
        if (write) command.input.ReturnConsumedCapacity = 'TOTAL';
        const out = (await target.send(command as never)) as {
          ConsumedCapacity?: { CapacityUnits?: number };
        };
        if (write) {
          const table = command.input.TableName === tables.runs ? 'runs' : 'events';
          writes.push({ operation, table, units: out.ConsumedCapacity?.CapacityUnits ?? 0 });
        }
        return out;
      };
    },
  }) as DynamoDBDocumentClient;
  return {
    writes,
    events: new DynamoEventStore(counting, tables),
    runs: new DynamoRunStore(counting, tables.runs),
    connections: new DynamoConnectionStore(db, tables.connections),
  };
}

/**
 * A rule of `steps` http.request steps, PUT by default (safe to repeat: no mark before its call); the outside
 * service answers `status` (a function of the call number).
 */
function ruleWithSteps(steps: number, method: 'PUT' | 'POST' = 'PUT') {
  const [rule] = validateRuleSet([
    {
      source: 'test',
      value: {
        id: `tell-${steps}`,
        connection: 'shop',
        trigger: 'products.created',
        actions: Array.from({ length: steps }, (_, i) => ({
          id: `tell-${i + 1}`,
          module: 'http.request',
          input: {
            url: `https://hooks.example/${i + 1}`,
            method,
            body: { id: '{{ trigger.entityId }}' },
          },
        })),
      },
    },
  ]);
  if (!rule) throw new Error('the rule did not validate');
  return prepareRule(rule);
}

const productCreated = () =>
  eventFromEnvelope({
    eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
    instanceId: 'inst-writes',
    data: { productId: randomUUID(), name: 'Mug', visible: true },
  });

const productIdOf = (event: ReturnType<typeof productCreated>) =>
  String((event.data as { productId: string }).productId);

describe('the DynamoDB writes of an event', () => {
  const stores = useLocalStores();

  async function setUp(
    steps: number,
    answer: (call: number) => number = () => 200,
    method: 'PUT' | 'POST' = 'PUT',
  ) {
    const local = stores();
    const counted = countingStores(local.db, local.tables);
    await counted.connections.put({
      id: 'shop',
      instanceId: 'inst-writes',
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    });
    let calls = 0;
    const deps: ProcessEventDeps = {
      connections: counted.connections,
      events: counted.events,
      runs: counted.runs,
      rules: async () => [ruleWithSteps(steps, method)],
      wixFor: () => ({ request: () => Promise.reject(new Error('these rules make no Wix call')) }),
      http: {
        request: async () => {
          calls += 1;
          return { status: answer(calls), headers: {}, body: {} };
        },
      },
      catalogVersions: new CatalogVersions(),
      appConfigured: false,
      log: createLogger({ level: 'error' }),
    };
    return { ...counted, deps, calls: () => calls };
  }

  it('records a one-action event in two one-unit writes, its claim and its run, and reads it as done', async () => {
    // Prepare
    const { writes, events, deps } = await setUp(1);
    const event = productCreated();

    // Act
    const outcome = await processEvent(event, deps);

    // Assess
    expect(outcome.status).toBe('done');
    expect(writes).toEqual([
      { operation: 'Put', table: 'events', units: 1 },
      { operation: 'Put', table: 'runs', units: 1 },
    ]);
    expect(await events.get(event.eventId)).toMatchObject({
      status: 'done',
      runIds: [outcome.runs[0]?.runId],
      finishedAt: outcome.runs[0]?.finishedAt,
    });
  });

  it('claims a creation’s change with its record: no write beside it while reconciliation is on', async () => {
    const { writes, events, deps } = await setUp(1);
    const event = productCreated();

    const outcome = await processEvent(event, { ...deps, claimChanges: true });

    expect(outcome.status).toBe('done');
    expect(event.eventIdSource).toBe('change');
    expect(writes.map((w) => w.table)).toEqual(['events', 'runs']);
    expect(await events.isClaimed(event.instanceId, `change:products.created:${productIdOf(event)}`)).toBe(
      true,
    );
    // Wix's own id still finds it (the id ingest answered with and logged).
    expect((await events.find(event.originalEventId ?? ''))?.eventId).toBe(event.eventId);
  });

  it('reads a creation whose change another event claimed first as a duplicate of that event', async () => {
    const { events, deps, calls } = await setUp(1);
    const event = productCreated();
    const changeKey = `change:products.created:${productIdOf(event)}`;
    expect(await events.claimOnce(event.instanceId, changeKey, 'evt_reconciled')).toBe(true);

    const outcome = await processEvent(event, { ...deps, claimChanges: true });

    expect(outcome.status).toBe('duplicate');
    expect(calls()).toBe(0);
    expect(await events.claimOnce(event.instanceId, changeKey, 'evt_third')).toBe(false);
    // The change's id leads to the event that claimed it (here none recorded: nothing to show).
    expect(await events.get(event.eventId)).toBeUndefined();
  });

  it('keeps a change claimed by its creation’s record from a later event of the same change', async () => {
    const { events, deps } = await setUp(1);
    const event = productCreated();
    await processEvent(event, { ...deps, claimChanges: true });

    const claimed = await events.claimOnce(
      event.instanceId,
      `change:products.created:${productIdOf(event)}`,
      'evt_late',
    );

    expect(claimed).toBe(false);
    expect(await events.get(event.eventId)).toMatchObject({
      status: 'done',
      originalEventId: event.originalEventId,
    });
  });

  it('counts a change claim written where it lived before (once#…) as claimed for a sweep', async () => {
    const local = stores();
    const events = new DynamoEventStore(local.db, local.tables);
    const key = `change:contacts.updated:c-old:2026-12-01T00:00:00.000Z`;
    expect(await events.isClaimed('inst-writes', key)).toBe(false);

    await local.db.send(
      new PutCommand({
        TableName: local.tables.events,
        Item: {
          pk: `once#inst-writes#${key}`,
          eventId: 'evt_before_upgrade',
          claimedAt: '2026-12-01T00:00:01Z',
        },
      }),
    );

    expect(await events.isClaimed('inst-writes', key)).toBe(true);
  });

  it('keeps a failure alert the queue refused on its run, and queues it on the next delivery, once', async () => {
    // Prepare: the run fails (the outside service answers 404); the queue refuses the first three sends.
    const { writes, events, runs, deps } = await setUp(1, () => 404);
    const queued: string[] = [];
    let sends = 0;
    const alerts = createRunAlerts({
      queue: {
        send: async (alert) => {
          sends += 1;
          if (sends <= 3) throw new Error('SQS is unavailable');
          queued.push(alert.eventId);
        },
      },
      runs,
      log: createLogger({ level: 'error' }),
      sleep: async () => undefined,
    });
    const event = productCreated();

    // Act
    const first = await processEvent(event, { ...deps, alerts }).catch((error: unknown) => error);
    const record = await events.get(event.eventId);
    const runId = record?.runIds[0] ?? '';
    const kept = await runs.get(runId);
    const unitsBefore = writes.length;
    const second = await processEvent(event, { ...deps, alerts });
    const third = await processEvent(event, { ...deps, alerts });

    // Assess: the first delivery failed for the alert alone; the run stayed failed, its alert was kept.
    expect(first).toBeInstanceOf(RetryableRunError);
    expect(kept).toMatchObject({ status: 'failed', alertPending: true });
    expect(record).toMatchObject({ status: 'done', pendingAlerts: [runId] });
    // The next delivery is a duplicate that queues the alert and clears the mark; the one after does nothing.
    expect([second.status, third.status]).toEqual(['duplicate', 'duplicate']);
    expect(queued).toHaveLength(1);
    expect((await runs.get(runId))?.alertPending).toBeUndefined();
    expect((await events.get(event.eventId))?.pendingAlerts).toBeUndefined();
    expect(writes.slice(unitsBefore).filter((w) => w.table === 'runs')).toHaveLength(1);
  });

  it('marks a step not safe to repeat as started before its call, and stops a takeover of it for a human', async () => {
    // Prepare: a POST step; the attempt that claimed the event dies during the call (the service got it).
    const { writes, events, runs, deps, calls } = await setUp(1, () => 200, 'POST');
    const event = productCreated();
    // The service gets the call; its answer never comes back (the process is gone).
    const dying: ProcessEventDeps = {
      ...deps,
      http: {
        request: async (request) => {
          await deps.http?.request(request);
          return new Promise(() => undefined);
        },
      },
    };
    void processEvent(event, dying);
    await waitFor('the dying attempt to call', () => calls() === 1);
    const runWritesBeforeTheCall = writes.filter((w) => w.table === 'runs').length;
    const marked = await runs.get((await events.get(event.eventId))?.runIds[0] ?? '');
    // An hour on: every lease the dead attempt held has run out.
    const hourOn = () => Date.now() + 3_600_000;
    const later = new DynamoEventStore(stores().db, stores().tables, { now: hourOn });
    const runsLater = { ...deps, events: later, now: () => new Date(hourOn()) };

    // Act: the next delivery takes over once the lease is gone.
    const takeover = await processEvent(event, runsLater);

    // Assess: one write before the call (the mark), the call made once, the takeover stops as needs-attention.
    expect(runWritesBeforeTheCall).toBe(1);
    expect(marked?.steps).toEqual([expect.objectContaining({ id: 'tell-1', status: 'started' })]);
    expect(takeover.runs[0]).toMatchObject({ status: 'needs-attention' });
    expect(takeover.runs[0]?.steps).toEqual([expect.objectContaining({ id: 'tell-1', status: 'failed' })]);
    expect(calls()).toBe(1);
  });

  it('checkpoints a three-step run only between its steps', async () => {
    const { writes, deps } = await setUp(3);

    await processEvent(productCreated(), deps);

    expect(writes.filter((w) => w.table === 'runs')).toHaveLength(3);
    expect(writes.filter((w) => w.table === 'events')).toHaveLength(1);
  });

  it('does nothing for a duplicate delivery of a finished event, and only counts it', async () => {
    const { events, deps, calls } = await setUp(1);
    const event = productCreated();
    await processEvent(event, deps);

    const again = await processEvent(event, deps);

    expect(again.status).toBe('duplicate');
    expect(calls()).toBe(1);
    expect(await events.get(event.eventId)).toMatchObject({ status: 'done', duplicates: 1 });
  });

  it('gives the lease back when a run will be retried, so the next delivery runs only what failed', async () => {
    // Prepare: the second step's service fails once.
    const { events, deps, calls } = await setUp(2, (call) => (call === 2 ? 503 : 200));
    const event = productCreated();

    // Act
    await expect(processEvent(event, deps)).rejects.toBeInstanceOf(RetryableRunError);
    const between = await events.get(event.eventId);
    const retried = await processEvent(event, deps);

    // Assess
    expect(between).toMatchObject({ status: 'received', attempts: 1 });
    expect(between?.leaseUntil).toBeUndefined();
    expect(retried.runs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(calls()).toBe(3);
    expect(await events.get(event.eventId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('keeps a second delivery out while an attempt holds the event, and lets it take over once the lease ran out', async () => {
    // Prepare: an attempt claimed the event and died before recording its run.
    const { events, deps, calls } = await setUp(1);
    const event = productCreated();
    const plan = { status: 'received' as const, triggers: ['products.created'], runIds: ['run_lost'] };
    await events.claim(event, { anonymize: false, plan, leaseMs: 60_000, replay: false });
    const later = new DynamoEventStore(stores().db, stores().tables, { now: () => Date.now() + 61_000 });

    // Act
    const busy = await processEvent(event, deps).catch((error: unknown) => error);
    const takeOver = await processEvent(event, { ...deps, events: later });

    // Assess
    expect(busy).toBeInstanceOf(RunBusyError);
    expect(takeOver.status).toBe('done');
    expect(calls()).toBe(1);
    expect(await events.get(event.eventId)).toMatchObject({ status: 'done', attempts: 2 });
  });
});
