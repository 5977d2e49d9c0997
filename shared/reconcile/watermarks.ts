import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** How far reconciliation has looked, per (connection, trigger). */
export interface WatermarkStore {
  get(connectionId: string, trigger: string): Promise<Date | undefined>;
  put(connectionId: string, trigger: string, until: Date): Promise<void>;
}

/**
 * Watermarks in the events table (key family `watermark#<connectionId>#<trigger>`, docs/events-table.md),
 * kept without expiry: a connection swept once a month still resumes where it stopped.
 */
export class DynamoWatermarkStore implements WatermarkStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(connectionId: string, trigger: string): Promise<Date | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key(connectionId, trigger) } }),
    );
    return typeof Item?.until === 'string' ? new Date(Item.until) : undefined;
  }

  async put(connectionId: string, trigger: string, until: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: key(connectionId, trigger), until: until.toISOString() },
      }),
    );
  }
}

const key = (connectionId: string, trigger: string) => `watermark#${connectionId}#${trigger}`;
