/** A key of a table or index: every key attribute wixflow uses is a string. */
export interface KeySpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableKeySpec extends KeySpec {
  /** Global secondary indexes by name, each projecting every attribute. */
  readonly indexes?: Readonly<Record<string, KeySpec>>;
  /** The attribute DynamoDB's TTL reads (epoch seconds); set on AWS only, dynalite has no TTL. */
  readonly timeToLive?: string;
}

/**
 * The keys and indexes of wixflow's four tables, read by infra/constructs/tables.ts (AWS) and
 * local/tables.ts (dynalite), so both create the same tables.
 */
export const TABLE_KEYS = {
  /** Sites wixflow acts for, by connection id; looked up by Wix `instanceId` on every event. */
  connections: { partitionKey: 'id', indexes: { byInstanceId: { partitionKey: 'instanceId' } } },
  /** Rule documents, by rule id. */
  rules: { partitionKey: 'id' },
  /** Event records and the other per-event marks (the `pk` prefix names the kind); items expire. */
  events: { partitionKey: 'pk', timeToLive: 'expiresAt' },
  /** Run records, by run id; listed per rule, newest first. */
  runs: {
    partitionKey: 'runId',
    timeToLive: 'expiresAt',
    indexes: { byRule: { partitionKey: 'ruleId', sortKey: 'startedAt' } },
  },
} as const satisfies Record<'connections' | 'rules' | 'events' | 'runs', TableKeySpec>;
