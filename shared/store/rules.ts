import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { type StoredRule, StoredRuleSchema } from '#shared/rules/rule-schema.ts';

/** Where rules are kept, one item per rule id. */
export interface RuleStore {
  get(id: string): Promise<StoredRule | undefined>;
  list(): Promise<StoredRule[]>;
  put(rule: StoredRule): Promise<void>;
  /** Returns false when there was no such rule. */
  delete(id: string): Promise<boolean>;
}

/** Rules in DynamoDB (PK `id`). */
export class DynamoRuleStore implements RuleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<StoredRule | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return out.Item ? StoredRuleSchema.parse(out.Item) : undefined;
  }

  async list(): Promise<StoredRule[]> {
    const rules: StoredRule[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      for (const item of out.Items ?? []) rules.push(StoredRuleSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return rules.sort((a, b) => a.id.localeCompare(b.id));
  }

  async put(rule: StoredRule): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: StoredRuleSchema.parse(rule) }));
  }

  async delete(id: string): Promise<boolean> {
    const out = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { id }, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
