import { DynamoJobStore } from '#shared/backfill/jobs.ts';
import { DynamoWatermarkStore } from '#shared/reconcile/watermarks.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { DynamoEventStore } from '#shared/store/events.ts';
import { DynamoRuleStore } from '#shared/store/rules.ts';
import { DynamoRunStore } from '#shared/store/runs.ts';
import { ensureTables, LOCAL_TABLES } from './tables.ts';

export type LocalStores = Awaited<ReturnType<typeof openLocalStores>>;

/** The stores of the local stack over a dynalite endpoint, creating the tables first if needed. */
export async function openLocalStores(endpoint: string, options: { eventRetentionDays?: number } = {}) {
  const db = createDocumentClient({ endpoint });
  await ensureTables(db, LOCAL_TABLES);
  return {
    db,
    tables: LOCAL_TABLES,
    connections: new DynamoConnectionStore(db, LOCAL_TABLES.connections),
    rules: new DynamoRuleStore(db, LOCAL_TABLES.rules),
    runs: new DynamoRunStore(db, LOCAL_TABLES.runs),
    events: new DynamoEventStore(db, LOCAL_TABLES.events, { retentionDays: options.eventRetentionDays }),
    jobs: new DynamoJobStore(db, LOCAL_TABLES.events),
    watermarks: new DynamoWatermarkStore(db, LOCAL_TABLES.events),
    destroy: () => db.destroy(),
  };
}
