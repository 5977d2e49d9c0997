import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type AutomationTokenLookup, type AutomationTokenTarget, tokenKey } from './automation-tokens.ts';
import type { AutomationTriggerRef } from './automation-triggers.ts';

/** What wixflow knows of one hidden automation it made: which site and trigger, the Wix id, the token's hash. */
export const AutomationRecordSchema = z.object({
  connectionId: z.string().min(1),
  appId: z.string().min(1),
  triggerKey: z.string().min(1),
  automationId: z.string().min(1),
  tokenHash: z.string().min(1),
  /** The intake URL's base when it was written (a changed public URL makes `automations sync` rewrite it). */
  publicUrl: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AutomationRecord = z.infer<typeof AutomationRecordSchema>;

/** The hidden automations wixflow provisioned and the hashes of their intake tokens. */
export interface AutomationStore extends AutomationTokenLookup {
  putToken(tokenHash: string, target: AutomationTokenTarget, createdAt: string): Promise<void>;
  /** Retires a token: from then on its URL answers 401. */
  deleteToken(tokenHash: string): Promise<void>;
  listRecords(connectionId?: string): Promise<AutomationRecord[]>;
  putRecord(record: AutomationRecord): Promise<void>;
  deleteRecord(connectionId: string, trigger: AutomationTriggerRef): Promise<void>;
  /**
   * This deployment's id, made once: it is part of every automation name wixflow gives, so two deployments on
   * one site (local and AWS) never take each other's automations for their own.
   */
  ownerId(): Promise<string>;
}

const RECORD_PREFIX = 'automation#';
const recordKey = (connectionId: string, t: AutomationTriggerRef) =>
  `${RECORD_PREFIX}${connectionId}#${t.appId}#${t.triggerKey}`;
const OWNER_KEY = 'automation-owner';

/** Kept in the events table (PK `pk`) next to the dedupe and rate-limit items; none of these items expire. */
export class DynamoAutomationStore implements AutomationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findToken(tokenHash: string): Promise<AutomationTokenTarget | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: tokenKey(tokenHash) }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { connectionId, instanceId, appId, triggerKey } = out.Item as AutomationTokenTarget;
    return { connectionId, instanceId, appId, triggerKey };
  }

  async putToken(tokenHash: string, target: AutomationTokenTarget, createdAt: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: tokenKey(tokenHash), ...target, createdAt } }),
    );
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: tokenKey(tokenHash) } }));
  }

  async listRecords(connectionId?: string): Promise<AutomationRecord[]> {
    const prefix = connectionId === undefined ? RECORD_PREFIX : `${RECORD_PREFIX}${connectionId}#`;
    const records: AutomationRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': prefix },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      for (const item of out.Items ?? []) records.push(AutomationRecordSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return records.sort(
      (a, b) => a.connectionId.localeCompare(b.connectionId) || a.triggerKey.localeCompare(b.triggerKey),
    );
  }

  async putRecord(record: AutomationRecord): Promise<void> {
    const item = AutomationRecordSchema.parse(record);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: recordKey(record.connectionId, record), ...item },
      }),
    );
  }

  async deleteRecord(connectionId: string, trigger: AutomationTriggerRef): Promise<void> {
    await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: recordKey(connectionId, trigger) } }),
    );
  }

  async ownerId(): Promise<string> {
    const key = { pk: OWNER_KEY };
    const found = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (typeof found.Item?.ownerId === 'string') return found.Item.ownerId;
    const ownerId = randomUUID().slice(0, 8);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ownerId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return ownerId;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      // Another process made it first: use theirs.
      const again = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      return String(again.Item?.ownerId);
    }
  }
}
