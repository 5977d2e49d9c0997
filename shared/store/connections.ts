import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';

const OAuthAuth = z.object({ kind: z.literal('oauth') });
const ApiKeyAuth = z.object({
  kind: z.literal('apiKey'),
  /** Where the key lives in the secret store; never the key itself. */
  secretId: z.string().min(1),
  siteId: z.string().min(1).optional(),
  accountId: z.string().min(1).optional(),
});

export const ConnectionSchema = z.object({
  id: z.string().min(1),
  instanceId: z.string().min(1),
  siteId: z.string().optional(),
  auth: z.discriminatedUnion('kind', [OAuthAuth, ApiKeyAuth]),
  status: z.enum(['active', 'disabled']),
  catalogVersion: z.enum(['V1_CATALOG', 'V3_CATALOG', 'STORES_NOT_INSTALLED']).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** Where connections are kept: one item per connection, found by id or by Wix app instance. */
export interface ConnectionStore {
  get(id: string): Promise<Connection | undefined>;
  findByInstanceId(instanceId: string): Promise<Connection[]>;
  list(): Promise<Connection[]>;
  put(connection: Connection): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Connections in DynamoDB (PK `id`, GSI `byInstanceId`). */
export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Connection | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return out.Item ? ConnectionSchema.parse(out.Item) : undefined;
  }

  async findByInstanceId(instanceId: string): Promise<Connection[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byInstanceId',
        KeyConditionExpression: 'instanceId = :i',
        ExpressionAttributeValues: { ':i': instanceId },
      }),
    );
    return (out.Items ?? []).map((item) => ConnectionSchema.parse(item));
  }

  async list(): Promise<Connection[]> {
    const items: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of out.Items ?? []) items.push(ConnectionSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => a.id.localeCompare(b.id));
  }

  async put(connection: Connection): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: ConnectionSchema.parse(connection) }),
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { id } }));
  }
}
