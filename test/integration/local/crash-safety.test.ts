// The local stack killed with SIGKILL mid-stream loses nothing it answered 200 for, and does nothing twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONNECTION_ID, DEMO_RULE_ID } from '#local/demo.ts';
import { type Endpoints, readRunningEndpoints } from '#local/endpoints.ts';
import { type LocalStores, openLocalStores } from '#local/stores.ts';
import { RUN_LEASE_MS } from '#shared/defaults.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import { tempDir } from '../../support/temp.ts';
import { waitFor } from '../../support/wait.ts';

const WEBHOOKS = 40;
const KILL_AFTER_ACCEPTED = 15;
const RULE_ID = 'tell-the-counter';

/** A stand-in for an outside service: counts the calls for each idempotency key it is sent. */
async function startCounter(): Promise<{ url: string; calls: Map<string, number>; stop(): Promise<void> }> {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    calls.set(key, (calls.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** `npm start`'s entry point in one process of its own (tsx's CLI would put a second process in between). */
function startStackProcess(dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: dataDir,
      // Each Catalog V3 creation the sandbox emits creates a product of its own: 40 distinct events.
      WIXFLOW_SANDBOX_CATALOG: 'V3_CATALOG',
      // The visibility timeout: how soon a message in flight at the kill is delivered again.
      WIXFLOW_RETRY_DELAY_S: '2',
    },
    stdio: 'ignore',
  });
}

const endpointsOf = (dataDir: string, pid: number | undefined) =>
  waitFor<Endpoints>('the local stack to start', async () => {
    const endpoints = await readRunningEndpoints(dataDir);
    return endpoints?.pid === pid && endpoints;
  });

const killed = (child: ChildProcess) =>
  new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });

describe('the local stack killed with SIGKILL', () => {
  let dataDir: string;
  let counter: Awaited<ReturnType<typeof startCounter>>;
  let child: ChildProcess | undefined;
  let stores: LocalStores | undefined;

  beforeAll(async () => {
    dataDir = tempDir('wixflow-crash-');
    counter = await startCounter();
  });
  afterAll(async () => {
    stores?.destroy();
    if (child && child.exitCode === null) await killed(child);
    await counter.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'acts on every webhook it answered 200 for once restarted, and on none twice',
    async () => {
      // Prepare: a rule that tells an outside service about each new product, keyed by the event id.
      child = startStackProcess(dataDir);
      let endpoints = await endpointsOf(dataDir, child.pid);
      stores = await openLocalStores(endpoints.dynamodb);
      const demo = await stores.rules.get(DEMO_RULE_ID);
      if (demo) await stores.rules.put({ ...demo, enabled: false });
      await stores.rules.put({
        id: RULE_ID,
        connection: DEMO_CONNECTION_ID,
        trigger: 'products.created',
        enabled: true,
        actions: [
          {
            id: 'tell',
            module: 'http.request',
            input: {
              method: 'POST',
              url: counter.url,
              headers: { 'idempotency-key': '{{ trigger.event.id }}' },
              body: { product: '{{ trigger.entityId }}' },
            },
          },
        ],
        version: '1',
        updatedAt: new Date().toISOString(),
      });
      stores.destroy();
      stores = undefined;

      // Act: webhooks four at a time; the process is killed once 15 were answered 200, while others are on the wire.
      const accepted: string[] = [];
      /** Each accepted event's Wix id: what the rule sends as `trigger.event.id`. */
      const wixIdOf = new Map<string, string>();
      const sandboxUrl = endpoints.sandbox?.url ?? '';
      const webhookUrl = endpoints.webhookUrl;
      let next = 0;
      let kill: Promise<void> | undefined;
      const sender = async () => {
        while (next < WEBHOOKS) {
          next += 1;
          const answer = await fetch(`${sandboxUrl}/_sandbox/emit`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ eventType: 'wix.stores.catalog.v3.product_created', webhookUrl }),
          }).catch(() => undefined);
          if (!answer?.ok) continue;
          const emitted = (await answer.json()) as { status: number; envelope: unknown };
          if (emitted.status !== 200) continue;
          // The id ingest records it under (a creation's is its change's id, not Wix's).
          const queued = eventFromEnvelope(emitted.envelope);
          accepted.push(queued.eventId);
          wixIdOf.set(queued.eventId, queued.originalEventId ?? queued.eventId);
          if (accepted.length === KILL_AFTER_ACCEPTED && child) kill = killed(child);
        }
      };
      await Promise.all([sender(), sender(), sender(), sender()]);
      await kill;
      child = startStackProcess(dataDir);
      endpoints = await endpointsOf(dataDir, child.pid);
      stores = await openLocalStores(endpoints.dynamodb);
      const open = stores;
      let pending: string[] = [];
      const finished = await waitFor(
        'every accepted event to finish',
        async () => {
          const records = await Promise.all(accepted.map((id) => open.events.get(id)));
          pending = accepted.flatMap((id, i) => {
            const r = records[i];
            return r && r.status !== 'received' ? [] : [`${id} ${JSON.stringify(r ?? 'no record')}`];
          });
          return pending.length === 0 && records;
        },
        // An event whose first attempt the kill cut off stays claimed until its lease runs out (docs/decisions/009).
        RUN_LEASE_MS + 60_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; unfinished:\n${pending.join('\n')}`);
      });
      const runs = (await open.runs.list({ ruleId: RULE_ID, limit: 1000 })).filter((r) =>
        accepted.includes(r.eventId),
      );

      // Assess
      expect(accepted.length).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
      expect(finished).toHaveLength(accepted.length);
      for (const id of accepted) {
        const ofEvent = runs.filter((r) => r.eventId === id);
        expect(ofEvent, `runs of ${id}`).toHaveLength(1);
        // A step cut off by the kill mid-call cannot know whether the service got it: it waits for a human.
        expect(['succeeded', 'needs-attention']).toContain(ofEvent[0]?.status);
        const calls = counter.calls.get(wixIdOf.get(id) ?? id) ?? 0;
        if (ofEvent[0]?.status === 'succeeded') expect(calls, `calls for ${id}`).toBe(1);
        expect(calls).toBeLessThanOrEqual(1);
      }
      // Only the poller's in-flight batches (4 at once) can have a step cut off mid-call.
      expect(runs.filter((r) => r.status === 'needs-attention').length).toBeLessThanOrEqual(4);
    },
    RUN_LEASE_MS + 120_000,
  );
});
