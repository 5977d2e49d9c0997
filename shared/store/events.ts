import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { changeEventId, isChangeKey } from '#shared/triggers/change-key.ts';
import { eventSource, type WixEvent, WixEventSchema } from '#shared/wix/webhook/wix-event.ts';
import { TERMINAL_RUN_STATUSES } from './runs.ts';

/** What became of an event: `done` (rules ran), `stale` (older than one already processed), `ignored` (no active connection). */
export const EventStatus = z.enum(['received', 'done', 'stale', 'ignored']);
export type EventStatus = z.infer<typeof EventStatus>;

export const EventRecordSchema = z.object({
  pk: z.string(),
  eventId: z.string(),
  /** The id the event arrived with, when it is recorded under its entity change's id (docs/events-table.md). */
  originalEventId: z.string().optional(),
  eventType: z.string(),
  instanceId: z.string(),
  generation: z.enum(['domain', 'legacy']),
  /** A Wix webhook, or what back-fill or reconciliation found by asking Wix (stored only when not a webhook). */
  source: z.enum(['webhook', 'automation', 'backfill', 'reconcile']).default('webhook'),
  /** As stored, `received` until the event is finished; as read, `done` once every run it planned is finished. */
  status: EventStatus,
  receivedAt: z.string(),
  time: z.string(),
  /**
   * The decoded event as JSON, without the fields kept beside it (see `storedEvent`); absent for GDPR
   * anonymize events, which are kept without personal data.
   */
  payload: z.string().optional(),
  anonymized: z.boolean().default(false),
  triggers: z.array(z.string()).default([]),
  /** The runs the event's claim planned (or, once finished, the runs it ran). */
  runIds: z.array(z.string()).default([]),
  note: z.string().optional(),
  attempts: z.number().default(0),
  duplicates: z.number().default(0),
  /** Read from the runs, never stored: the runs whose failure alert is still to be queued (Run.alertPending). */
  pendingAlerts: z.array(z.string()).optional(),
  finishedAt: z.string().optional(),
  /** Epoch ms until which the attempt that claimed the event owns it. */
  leaseUntil: z.number().optional(),
  expiresAt: z.number(),
});
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** What an event will do, worked out before it is claimed: a final status, or `received` with its runs. */
export interface EventPlan {
  status: EventStatus;
  triggers: string[];
  runIds: string[];
  note?: string;
}

/**
 * The outcome of claiming an event. `new`: first sight; `retry`: an earlier attempt ended or its lease ran out;
 * `replay`: a replay of a stored event (runs guard themselves); `duplicate`: already finished, nothing to do;
 * `busy`: another attempt holds it. `recorded`: the claim wrote the plan, so the runs' records finish the event
 * and no finish write is needed; `leased`: the claim holds a lease to give back (`release`) if the event must
 * come back.
 */
export type EventClaim =
  | { state: 'new' | 'retry' | 'replay'; record: EventRecord; recorded: boolean; leased: boolean }
  | { state: 'duplicate'; record: EventRecord }
  | { state: 'busy'; record: EventRecord };

export interface ClaimOptions {
  anonymize: boolean;
  /** Recorded with the claim; without one (lifecycle events plan after they are claimed) `finish` records it. */
  plan?: EventPlan;
  /** How long the claim owns the event (≥ the consumer's timeout). */
  leaseMs: number;
  replay: boolean;
}

/** The event log, dedupe and ordering memory: one table, keyed by `pk` (docs/events-table.md). */
export interface EventStore {
  /**
   * Claims an event for one attempt in a single conditional write: records it (with its plan) on first sight,
   * or takes over an unfinished one whose lease is free. See EventClaim.
   */
  claim(event: WixEvent, options: ClaimOptions): Promise<EventClaim>;
  /** Records how the event ended (an event whose claim recorded its plan needs no finish). */
  finish(
    eventId: string,
    outcome: { status: EventStatus; triggers?: string[]; runIds?: string[]; note?: string },
  ): Promise<void>;
  /** Gives back the lease of an attempt that ends unfinished, so its next delivery can claim it. */
  release(eventId: string): Promise<void>;
  /** The record with its status as read (`done` once every planned run is finished). */
  get(eventId: string): Promise<EventRecord | undefined>;
  /**
   * The record by its id, or by the id the event arrived with when it is recorded under its change's id
   * (Wix's id in ingest's answer and logs). The second is a Scan, as `listSince` is: for the CLI and the
   * console, never the consumer.
   */
  find(eventId: string): Promise<EventRecord | undefined>;
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
/**
 * Where a claim lives: a once-only key at `once#…`; an entity change at the record of its change's id, so an
 * event recorded under that id and an event that claims the change beside its own record meet at one item.
 */
const onceKey = (instanceId: string, key: string) => `once#${instanceId}#${key}`;
const claimKey = (instanceId: string, key: string) =>
  isChangeKey(key) ? eventKey(changeEventId(instanceId, key)) : onceKey(instanceId, key);
/** An event record, as against a change's claim (which holds only `eventId`, `claimedAt` and `expiresAt`). */
const isEventItem = (
  item: Record<string, unknown>,
): item is Record<string, unknown> & { eventType: string } => typeof item.eventType === 'string';
/** Dedupe must outlive Wix's ~47 h of re-sends with margin (docs/decisions/004: at least 72 h). */
export const MIN_RETENTION_DAYS = 3;
/** BatchGetItem reads at most 100 keys a request. */
const BATCH_GET_KEYS = 100;

/** The fields a stored payload leaves out because the record keeps them beside it. */
const KEPT_BESIDE = ['eventId', 'eventType', 'instanceId', 'generation', 'time', 'receivedAt'] as const;

/** The stored event of a record, or undefined when it was logged without payload (GDPR). */
export function storedEvent(record: EventRecord): WixEvent | undefined {
  if (!record.payload) return undefined;
  const kept: Record<string, unknown> = Object.fromEntries(
    KEPT_BESIDE.map((field) => [field, record[field]]),
  );
  if (record.originalEventId) kept.originalEventId = record.originalEventId;
  // Records written before the payload left those fields out hold them in the payload too: same values.
  const parsed = WixEventSchema.safeParse({ ...kept, ...JSON.parse(record.payload) });
  return parsed.success ? parsed.data : undefined;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * The events table in DynamoDB (PK `pk`, TTL `expiresAt`); reads the runs table to tell whether an event's
 * planned runs are finished (docs/decisions/009).
 */
export class DynamoEventStore implements EventStore {
  private readonly retentionS: number;
  private readonly now: () => number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: { events: string; runs: string },
    options: EventStoreOptions = {},
  ) {
    this.retentionS = Math.max(options.retentionDays ?? 30, MIN_RETENTION_DAYS) * 86_400;
    this.now = options.now ?? Date.now;
  }

  private expiresAt(): number {
    return Math.floor(this.now() / 1000) + this.retentionS;
  }

  async claim(event: WixEvent, options: ClaimOptions): Promise<EventClaim> {
    const now = this.now();
    const { plan } = options;
    const final = plan !== undefined && plan.status !== 'received';
    const leaseUntil = final ? undefined : now + options.leaseMs;
    const record: EventRecord = {
      pk: eventKey(event.eventId),
      eventId: event.eventId,
      ...(event.originalEventId ? { originalEventId: event.originalEventId } : {}),
      eventType: event.eventType,
      instanceId: event.instanceId,
      generation: event.generation,
      source: eventSource(event),
      status: plan?.status ?? 'received',
      receivedAt: event.receivedAt,
      time: event.time,
      ...(options.anonymize ? {} : { payload: compactPayload(event) }),
      anonymized: options.anonymize,
      triggers: plan?.triggers ?? [],
      runIds: plan?.runIds ?? [],
      ...(plan?.note ? { note: plan.note } : {}),
      attempts: 1,
      duplicates: 0,
      ...(final ? { finishedAt: new Date(now).toISOString() } : {}),
      ...(leaseUntil === undefined ? {} : { leaseUntil }),
      expiresAt: this.expiresAt(),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.events,
          // Defaults stay out of the item: every byte past a kilobyte is another write unit.
          Item: withoutDefaults(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { state: 'new', record, recorded: plan !== undefined, leased: leaseUntil !== undefined };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const found = await this.read(event.eventId);
    if (found === undefined) return this.claim(event, options);
    if ('claimant' in found) {
      // Another event, one that reports more than this change, claimed it: the change is delivered.
      const note = `its change was claimed by event ${found.claimant}`;
      return { state: 'duplicate', record: { ...record, status: 'done', note } };
    }
    const existing = found.record;
    const finished = existing.status !== 'received';
    const held = !finished && (existing.leaseUntil ?? 0) > now;
    if (held) return { state: 'busy', record: existing };
    if (finished) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.events,
          Key: { pk: existing.pk },
          UpdateExpression: 'ADD duplicates :one SET lastDuplicateAt = :at',
          ExpressionAttributeValues: { ':one': 1, ':at': new Date(now).toISOString() },
        }),
      );
      // A replay is the user's explicit request: it passes the event-level dedupe; run records still hold.
      return options.replay
        ? { state: 'replay', record: existing, recorded: false, leased: false }
        : { state: 'duplicate', record: existing };
    }
    if (options.replay) return { state: 'replay', record: existing, recorded: false, leased: false };
    return this.takeOver(existing, options, now);
  }

  /** Takes the free lease of an unfinished event, with the attempt's plan; `busy` when another got there first. */
  private async takeOver(existing: EventRecord, options: ClaimOptions, now: number): Promise<EventClaim> {
    const { plan } = options;
    const final = plan !== undefined && plan.status !== 'received';
    // A plan that is already final (the event turned stale meanwhile) needs no lease.
    const leaseUntil = final ? undefined : now + options.leaseMs;
    const sets: string[] = [];
    const values: Record<string, unknown> = { ':one': 1, ':seen': existing.attempts };
    if (leaseUntil !== undefined) {
      sets.push('leaseUntil = :lease');
      values[':lease'] = leaseUntil;
    }
    const names: Record<string, string> = {};
    if (plan) {
      sets.push('#status = :status', 'triggers = :triggers', 'runIds = :runIds');
      names['#status'] = 'status';
      Object.assign(values, { ':status': plan.status, ':triggers': plan.triggers, ':runIds': plan.runIds });
      if (plan.note) {
        sets.push('note = :note');
        values[':note'] = plan.note;
      }
      if (final) {
        sets.push('finishedAt = :at');
        values[':at'] = new Date(now).toISOString();
      }
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.events,
          Key: { pk: existing.pk },
          UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}ADD attempts :one${leaseUntil === undefined ? ' REMOVE leaseUntil' : ''}`,
          ConditionExpression: 'attempts = :seen',
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return { state: 'busy', record: existing };
      throw error;
    }
    const { leaseUntil: _previous, ...rest } = existing;
    const record: EventRecord = {
      ...rest,
      ...(plan ?? {}),
      attempts: existing.attempts + 1,
      ...(leaseUntil === undefined ? {} : { leaseUntil }),
    };
    return { state: 'retry', record, recorded: plan !== undefined, leased: leaseUntil !== undefined };
  }

  async finish(
    eventId: string,
    outcome: { status: EventStatus; triggers?: string[]; runIds?: string[]; note?: string },
  ): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.events,
        Key: { pk: eventKey(eventId) },
        UpdateExpression: `SET #status = :status, triggers = :triggers, runIds = :runIds, finishedAt = :at${outcome.note ? ', note = :note' : ''} REMOVE leaseUntil`,
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

  async release(eventId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.events,
        Key: { pk: eventKey(eventId) },
        UpdateExpression: 'REMOVE leaseUntil',
      }),
    );
  }

  /** The record; for a change's id that another event claimed (see claimOnce), that event's record. */
  async get(eventId: string): Promise<EventRecord | undefined> {
    const found = await this.read(eventId);
    if (found === undefined || 'record' in found) return found?.record;
    return found.claimant === eventId ? undefined : this.get(found.claimant);
  }

  async find(eventId: string): Promise<EventRecord | undefined> {
    const record = await this.get(eventId);
    if (record) return record;
    const found = await this.scan('originalEventId = :id', { ':id': eventId });
    const [first] = await this.withRunsRead(found.slice(0, 1));
    return first;
  }

  /**
   * What `event#<eventId>` holds: an event record (its status as read), or a change's claim by another event
   * (that event's id); undefined when nothing.
   */
  private async read(eventId: string): Promise<{ record: EventRecord } | { claimant: string } | undefined> {
    const { Item: item } = await this.db.send(
      new GetCommand({ TableName: this.tables.events, Key: { pk: eventKey(eventId) }, ConsistentRead: true }),
    );
    if (item === undefined) return undefined;
    if (!isEventItem(item)) return { claimant: String(item.eventId) };
    const [record] = await this.withRunsRead([EventRecordSchema.parse(item)]);
    return record && { record };
  }

  async listSince(since: Date, limit = 1000): Promise<EventRecord[]> {
    const records = await this.scan('receivedAt >= :since', { ':since': since.toISOString() });
    const oldest = records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, limit);
    return this.withRunsRead(oldest);
  }

  /** Every event record (not a change's claim, which has no `receivedAt` or `originalEventId`) matching `filter`. */
  private async scan(filter: string, values: Record<string, unknown>): Promise<EventRecord[]> {
    const records: EventRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tables.events,
          FilterExpression: `begins_with(pk, :prefix) AND ${filter}`,
          ExpressionAttributeValues: { ':prefix': 'event#', ...values },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) records.push(EventRecordSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  /**
   * The records with `done` (and its time) for every `received` one whose planned runs are all finished: those
   * runs' records are what finished it (docs/decisions/009).
   */
  private async withRunsRead(records: EventRecord[]): Promise<EventRecord[]> {
    const open = new Set(records.filter((r) => r.status === 'received' && r.runIds.length > 0));
    const runIds = [...new Set([...open].flatMap((r) => r.runIds))];
    const ended = new Map<string, string>();
    const alerting = new Set<string>();
    for (let i = 0; i < runIds.length; i += BATCH_GET_KEYS) {
      let keys: Record<string, unknown>[] | undefined = runIds
        .slice(i, i + BATCH_GET_KEYS)
        .map((runId) => ({ runId }));
      while (keys && keys.length > 0) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tables.runs]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: 'runId, #status, finishedAt, alertPending',
                ExpressionAttributeNames: { '#status': 'status' },
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.tables.runs] ?? []) {
          if (TERMINAL_RUN_STATUSES.has(item.status)) ended.set(item.runId, item.finishedAt ?? '');
          if (item.alertPending === true) alerting.add(item.runId);
        }
        keys = out.UnprocessedKeys?.[this.tables.runs]?.Keys;
      }
    }
    return records.map((record) => {
      if (!open.has(record) || !record.runIds.every((id) => ended.has(id))) return record;
      const finishedAt = record.runIds
        .map((id) => ended.get(id) ?? '')
        .sort()
        .at(-1);
      const pendingAlerts = record.runIds.filter((id) => alerting.has(id));
      return {
        ...record,
        status: 'done',
        ...(finishedAt ? { finishedAt } : {}),
        ...(pendingAlerts.length > 0 ? { pendingAlerts } : {}),
      };
    });
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
          TableName: this.tables.events,
          Item: { pk: `seq#${instanceId}#${entityKey}`, seq, eventId, expiresAt: this.expiresAt() },
          ConditionExpression:
            'attribute_not_exists(pk) OR seq < :seq OR (seq = :seq AND eventId = :eventId)',
          ExpressionAttributeValues: { ':seq': seq, ':eventId': eventId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async claimOnce(instanceId: string, key: string, eventId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.events,
          Item: {
            pk: claimKey(instanceId, key),
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
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async isClaimed(instanceId: string, key: string): Promise<boolean> {
    const claimed = async (pk: string) =>
      (await this.db.send(new GetCommand({ TableName: this.tables.events, Key: { pk } }))).Item !== undefined;
    if (await claimed(claimKey(instanceId, key))) return true;
    // Change claims written before they moved to `event#…` (docs/decisions/015) count until they expire.
    return isChangeKey(key) && claimed(onceKey(instanceId, key));
  }
}

/** The event as JSON without the fields its record keeps beside it. */
function compactPayload(event: WixEvent): string {
  const rest: Record<string, unknown> = { ...event };
  for (const field of [...KEPT_BESIDE, 'originalEventId']) delete rest[field];
  return JSON.stringify(rest);
}

/** The record without the attributes whose value is the schema's default (read back, they are filled in). */
function withoutDefaults(record: EventRecord): Record<string, unknown> {
  const { anonymized, duplicates, source, ...item } = record;
  return { ...item, ...(anonymized ? { anonymized } : {}), ...(source === 'webhook' ? {} : { source }) };
}
