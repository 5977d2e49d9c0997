import { openStores } from '#functions/consumer/compose.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { ensureTables, LOCAL_TABLES } from './tables.ts';

export type LocalStores = Awaited<ReturnType<typeof openLocalStores>>;

/** The stores of the local stack over a dynalite endpoint, creating the tables first if needed. */
export async function openLocalStores(endpoint: string, options: { eventRetentionDays?: number } = {}) {
  const db = createDocumentClient({ endpoint });
  await ensureTables(db, LOCAL_TABLES);
  return {
    db,
    tables: LOCAL_TABLES,
    ...openStores(db, LOCAL_TABLES, options.eventRetentionDays),
    destroy: () => db.destroy(),
  };
}
