import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoJobStore } from '#shared/backfill/jobs.ts';
import type { TableNames } from '#shared/config.ts';
import { DynamoWatermarkStore } from '#shared/reconcile/watermarks.ts';
import { DynamoConnectionStore } from './connections.ts';
import { DynamoEventStore } from './events.ts';
import { DynamoRuleStore } from './rules.ts';
import { DynamoRunStore } from './runs.ts';

/**
 * The stores over one document client, as the consumer (functions/consumer/compose.ts), the local stack and
 * the CLI use them. A module of its own so the CLI opens the stores without loading the consumer's Wix client.
 */
export function openStores(db: DynamoDBDocumentClient, tables: TableNames, eventRetentionDays?: number) {
  return {
    connections: new DynamoConnectionStore(db, tables.connections),
    rules: new DynamoRuleStore(db, tables.rules),
    runs: new DynamoRunStore(db, tables.runs),
    events: new DynamoEventStore(db, tables, { retentionDays: eventRetentionDays }),
    // Back-fill jobs' progress and reconciliation's watermarks live in the events table (docs/events-table.md).
    jobs: new DynamoJobStore(db, tables.events),
    watermarks: new DynamoWatermarkStore(db, tables.events),
  };
}
