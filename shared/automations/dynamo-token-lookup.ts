import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type AutomationTokenLookup, type AutomationTokenTarget, tokenKey } from './automation-tokens.ts';

/**
 * Token lookups for the ingest function: one consistent GetItem on the events table, with the plain DynamoDB
 * client (the ingest bundle leaves out the document client and zod to keep its cold start small).
 */
export class DynamoTokenLookup implements AutomationTokenLookup {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async findToken(tokenHash: string): Promise<AutomationTokenTarget | undefined> {
    const out = await this.db.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: tokenKey(tokenHash) } },
        ConsistentRead: true,
        ProjectionExpression: 'connectionId, instanceId, appId, triggerKey',
      }),
    );
    const item = out.Item;
    const text = (name: string) => item?.[name]?.S;
    const connectionId = text('connectionId');
    const instanceId = text('instanceId');
    const appId = text('appId');
    const triggerKey = text('triggerKey');
    if (!connectionId || !instanceId || !appId || !triggerKey) return undefined;
    return { connectionId, instanceId, appId, triggerKey };
  }
}
