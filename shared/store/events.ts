import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

/** What became of an event: `done` (rules ran), `stale` (older than one already processed), `ignored` (no active connection). */
export const EventStatus = z.enum(['received', 'done', 'stale', 'ignored']);
export type EventStatus = z.infer<typeof EventStatus>;

export const EventRecordSchema = z.object({
  pk: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  instanceId: z.string(),
  generation: z.enum(['domain', 'legacy']),
  /** A Wix webhook, or what back-fill or reconciliation found by asking Wix. */
  source: z.enum(['webhook', 'backfill', 'reconcile']).default('webhook'),
  status: EventStatus,
  receivedAt: z.string(),
  time: z.string(),
  /** The decoded event as JSON; absent for GDPR anonymize events, which are kept without personal data. */
  payload: z.string().optional(),
  anonymized: z.boolean().default(false),
  triggers: z.array(z.string()).default([]),
  runIds: z.array(z.string()).default([]),
  note: z.string().optional(),
  attempts: z.number().default(0),
  duplicates: z.number().default(0),
  finishedAt: z.string().optional(),
  expiresAt: z.number(),
});
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** The event log, dedupe and ordering memory: one table, keyed by `pk`. */
export interface EventStore {
  /**
   * Records an event on first sight (or a retry of it). Resolves `duplicate` when the event was already
   * finished: it must not act again.
   */
  begin(
    event: WixEvent,
    options: { anonymize: boolean },
  ): Promise<{ state: 'new' | 'retry' | 'duplicate'; record: EventRecord }>;
  finish(
    eventId: string,
    outcome: { status: EventStatus; triggers?: string[]; runIds?: string[]; note?: string },
  ): Promise<void>;
  get(eventId: string): Promise<EventRecord | undefined>;
  /** Events received at or after `since`, oldest first. */
  listSince(since: Date, limit?: number): Promise<EventRecord[]>;
  /**
   * Moves the entity's high-water mark to `sequence`. False when an event with a higher sequence was already
   * processed for the entity (this one is stale); true again for a retry of the same event.
   */
  advanceSequence(instanceId: string, entityKey: string, sequence: bigint, eventId: string): Promise<boolean>;
  /**
   * Claims `key` for `eventId`: true the first time, and again for the same event (so a retried event keeps
   * its claim); false when another event claimed it.
   */
  claimOnce(instanceId: string, key: string, eventId: string): Promise<boolean>;
  /** Whether any event claimed `key` (a read: reconciliation asks before it queues a change). */
  isClaimed(instanceId: string, key: string): Promise<boolean>;
}

export interface EventStoreOptions {
  /** How long the event log keeps events (and so remembers them for dedupe); at least 3 days. */
  retentionDays?: number;
  now?: () => number;
}

/** Sequences are stored zero-padded so DynamoDB compares them as strings in order. */
const padSequence = (sequence: bigint) => sequence.toString().padStart(40, '0');
const eventKey = (eventId: string) => `event#${eventId}`;
/** Dedupe must outlive Wix's ~47 h of re-sends with margin (PRODUCT.md §5: ≥ 72 h). */
export const MIN_RETENTION_DAYS = 3;

/** The events table in DynamoDB (PK `pk`, TTL `expiresAt`). */
export class DynamoEventStore implements EventStore {
  private readonly retentionS: number;
  private readonly now: () => number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: EventStoreOptions = {},
  ) {
    this.retentionS = Math.max(options.retentionDays ?? 30, MIN_RETENTION_DAYS) * 86_400;
    this.now = options.now ?? Date.now;
  }

  private expiresAt(): number {
    return Math.floor(this.now() / 1000) + this.retentionS;
  }

  async begin(
    event: WixEvent,
    options: { anonymize: boolean },
  ): Promise<{ state: 'new' | 'retry' | 'duplicate'; record: EventRecord }> {
    const record: EventRecord = {
      pk: eventKey(event.eventId),
      eventId: event.eventId,
      eventType: event.eventType,
      instanceId: event.instanceId,
      generation: event.generation,
      source: event.source ?? 'webhook',
      status: 'received',
      receivedAt: event.receivedAt,
      time: event.time,
      ...(options.anonymize ? {} : { payload: JSON.stringify(event) }),
      anonymized: options.anonymize,
      triggers: [],
      runIds: [],
      attempts: 1,
      duplicates: 0,
      expiresAt: this.expiresAt(),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: record,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { state: 'new', record };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.get(event.eventId);
    if (!existing) return this.begin(event, options);
    if (existing.status !== 'received') {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: existing.pk },
          UpdateExpression: 'ADD duplicates :one SET lastDuplicateAt = :at',
          ExpressionAttributeValues: { ':one': 1, ':at': new Date(this.now()).toISOString() },
        }),
      );
      return { state: 'duplicate', record: existing };
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: existing.pk },
        UpdateExpression: 'ADD attempts :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return { state: 'retry', record: existing };
  }

  async finish(
    eventId: string,
    outcome: { status: EventStatus; triggers?: string[]; runIds?: string[]; note?: string },
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: eventKey(eventId) },
        UpdateExpression: `SET #status = :status, triggers = :triggers, runIds = :runIds, finishedAt = :at${outcome.note ? ', note = :note' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':triggers': outcome.triggers ?? [],
          ':runIds': outcome.runIds ?? [],
          ':at': new Date(this.now()).toISOString(),
          ...(outcome.note ? { ':note': outcome.note } : {}),
        },
      }),
    );
  }

  async get(eventId: string): Promise<EventRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: eventKey(eventId) }, ConsistentRead: true }),
    );
    return out.Item ? EventRecordSchema.parse(out.Item) : undefined;
  }

  async listSince(since: Date, limit = 1000): Promise<EventRecord[]> {
    const records: EventRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(pk, :prefix) AND receivedAt >= :since',
          ExpressionAttributeValues: { ':prefix': 'event#', ':since': since.toISOString() },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) records.push(EventRecordSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, limit);
  }

  async advanceSequence(
    instanceId: string,
    entityKey: string,
    sequence: bigint,
    eventId: string,
  ): Promise<boolean> {
    const seq = padSequence(sequence);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `seq#${instanceId}#${entityKey}`, seq, eventId, expiresAt: this.expiresAt() },
          ConditionExpression:
            'attribute_not_exists(pk) OR seq < :seq OR (seq = :seq AND eventId = :eventId)',
          ExpressionAttributeValues: { ':seq': seq, ':eventId': eventId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimOnce(instanceId: string, key: string, eventId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `once#${instanceId}#${key}`,
            eventId,
            claimedAt: new Date(this.now()).toISOString(),
            expiresAt: this.expiresAt(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR eventId = :eventId',
          ExpressionAttributeValues: { ':eventId': eventId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async isClaimed(instanceId: string, key: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `once#${instanceId}#${key}` } }),
    );
    return Item !== undefined;
  }
}
