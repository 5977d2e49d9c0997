import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { TableNames } from '#shared/config.ts';
import { type KeySpec, TABLE_KEYS, type TableKeySpec } from '#shared/store/table-keys.ts';

/** The local stack's table names (on AWS, CDK names them). */
export const LOCAL_TABLES: TableNames = {
  connections: 'wixflow-connections',
  rules: 'wixflow-rules',
  runs: 'wixflow-runs',
  events: 'wixflow-events',
};

/** The tables of shared/store/table-keys.ts, as infra/constructs/tables.ts creates them on AWS (TTL aside). */
function definitions(names: TableNames): CreateTableCommandInput[] {
  return (Object.keys(TABLE_KEYS) as (keyof typeof TABLE_KEYS)[]).map((table) => {
    const spec: TableKeySpec = TABLE_KEYS[table];
    const indexes = Object.entries(spec.indexes ?? {});
    const attributes = new Set([spec, ...indexes.map(([, index]) => index)].flatMap(keyAttributes));
    return {
      TableName: names[table],
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: keySchema(spec),
      ...(indexes.length > 0
        ? {
            GlobalSecondaryIndexes: indexes.map(([IndexName, index]) => ({
              IndexName,
              KeySchema: keySchema(index),
              Projection: { ProjectionType: 'ALL' },
            })),
          }
        : {}),
    };
  });
}

const keyAttributes = (spec: KeySpec): string[] =>
  spec.sortKey ? [spec.partitionKey, spec.sortKey] : [spec.partitionKey];

const keySchema = (spec: KeySpec): KeySchemaElement[] => [
  { AttributeName: spec.partitionKey, KeyType: 'HASH' },
  ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' as const }] : []),
];

/** Creates any of the tables that do not exist yet (idempotent, so a restart keeps the data). */
export async function ensureTables(client: DynamoDBClient, names: TableNames = LOCAL_TABLES): Promise<void> {
  for (const definition of definitions(names)) {
    try {
      await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(definition));
    }
  }
}
