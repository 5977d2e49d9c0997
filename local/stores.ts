import { DynamoAutomationStore } from '#shared/automations/automation-store.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { openStores } from '#shared/store/open-stores.ts';
import { ensureTables, LOCAL_TABLES } from './tables.ts';

export type LocalStores = Awaited<ReturnType<typeof openLocalStores>>;

/**
 * The stores of the local stack over a dynalite endpoint, creating the tables first if needed (unless
 * `createTables` is false: a running stack has created them).
 */
export async function openLocalStores(
  endpoint: string,
  options: { eventRetentionDays?: number; createTables?: boolean } = {},
) {
  const db = createDocumentClient({ endpoint });
  if (options.createTables !== false) await ensureTables(db, LOCAL_TABLES);
  return {
    db,
    tables: LOCAL_TABLES,
    ...openStores(db, LOCAL_TABLES, options.eventRetentionDays),
    automations: new DynamoAutomationStore(db, LOCAL_TABLES.events),
    destroy: () => db.destroy(),
  };
}
