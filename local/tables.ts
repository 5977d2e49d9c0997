import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { TableNames } from '#shared/config.ts';

/** The local stack's table names (on AWS, CDK names them). */
export const LOCAL_TABLES: TableNames = {
  connections: 'wixflow-connections',
  rules: 'wixflow-rules',
  runs: 'wixflow-runs',
  events: 'wixflow-events',
};

/** The same keys and indexes as infra/constructs/tables.ts; TTL is set on AWS only (dynalite has no UpdateTimeToLive). */
function definitions(names: TableNames): CreateTableCommandInput[] {
  const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  return [
    {
      TableName: names.connections,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [s('id'), s('instanceId')],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byInstanceId',
          KeySchema: [{ AttributeName: 'instanceId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.rules,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [s('id')],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    },
    {
      TableName: names.events,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [s('pk')],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
    {
      TableName: names.runs,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [s('runId'), s('ruleId'), s('startedAt')],
      KeySchema: [{ AttributeName: 'runId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byRule',
          KeySchema: [
            { AttributeName: 'ruleId', KeyType: 'HASH' },
            { AttributeName: 'startedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
  ];
}

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
