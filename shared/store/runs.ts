import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

const ErrorRecord = z.object({
  message: z.string(),
  status: z.number().optional(),
  code: z.string().optional(),
  retryable: z.boolean(),
  /** Seconds Wix asked to wait before retrying. */
  retryAfterS: z.number().optional(),
});
export type ErrorRecord = z.infer<typeof ErrorRecord>;

export const StepRecordSchema = z.object({
  id: z.string(),
  module: z.string(),
  /**
   * `started`: a step not safe to repeat was about to call when the run was last saved; a run that still holds
   * it when taken over after its attempt died stops as needs-attention (its call may have taken effect).
   */
  status: z.enum(['succeeded', 'failed', 'started']),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: ErrorRecord.optional(),
  /** Which delivery of the step a failed record is from (1 = the first); bounds `retry.maxAttempts`. */
  attempts: z.number().int().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  /** The Wix calls the step made, with their HTTP status. */
  calls: z.array(z.object({ method: z.string(), path: z.string(), status: z.number() })).default([]),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const RunSchema = z.object({
  runId: z.string(),
  ruleId: z.string(),
  ruleVersion: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  trigger: z.string(),
  connectionId: z.string(),
  instanceId: z.string(),
  /** `retrying`: an attempt failed with an error that retrying can fix; the event will come back. */
  status: z.enum(['running', 'succeeded', 'failed', 'retrying', 'skipped', 'needs-attention']),
  /** Why a run was skipped (its filter was falsy) or failed before any step. */
  reason: z.string().optional(),
  attempts: z.number().int(),
  /** The replay that last ran this run, if any. */
  replayId: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  steps: z.array(StepRecordSchema),
  error: ErrorRecord.optional(),
  /** Epoch ms until which the attempt in progress owns the run. */
  leaseUntil: z.number().optional(),
  /**
   * The run's failure alert (a wixflow.run.* event) was refused by the queue: the event's next delivery queues
   * it (shared/consumer/run-alerts.ts) and removes this mark.
   */
  alertPending: z.literal(true).optional(),
  /** Epoch seconds; DynamoDB TTL removes the record after it. */
  expiresAt: z.number(),
});
export type Run = z.infer<typeof RunSchema>;

/** The statuses of a finished run: `running` and `retrying` runs will be attempted again. */
export const TERMINAL_RUN_STATUSES: ReadonlySet<string> = new Set<Run['status']>([
  'succeeded',
  'failed',
  'skipped',
  'needs-attention',
]);

/** Finished runs are never repeated by a redelivery; a replay may re-run `failed` and `needs-attention` ones. */
export const isTerminal = (run: Run) => TERMINAL_RUN_STATUSES.has(run.status);

/**
 * Raised when another attempt holds a live lease on the run or on its event; `retryAfterS`, when known, is how
 * long the lease has left: the delivery that comes then can take over from an attempt that died.
 */
export class RunBusyError extends Error {
  override readonly name = 'RunBusyError';
  constructor(
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Where runs are kept; a run's id is derived from its event and rule, so retries find it again. */
export interface RunStore {
  get(runId: string): Promise<Run | undefined>;
  /**
   * Starts an attempt: writes `next` only if the stored run is still the `previous` seen (or absent).
   * Throws RunBusyError when another attempt got there first. Not needed on an event's first delivery, whose
   * claim already keeps every other attempt out (docs/decisions/009).
   */
  begin(next: Run, previous: Run | undefined): Promise<void>;
  save(run: Run): Promise<void>;
  list(options?: { ruleId?: string; limit?: number }): Promise<Run[]>;
}

/** Runs in DynamoDB (PK `runId`, GSI `byRule`), with optimistic concurrency on `attempts`. */
export class DynamoRunStore implements RunStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(runId: string): Promise<Run | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { runId }, ConsistentRead: true }),
    );
    return out.Item ? RunSchema.parse(out.Item) : undefined;
  }

  async begin(next: Run, previous: Run | undefined): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: RunSchema.parse(next),
          ...(previous
            ? {
                ConditionExpression: 'attempts = :attempts',
                ExpressionAttributeValues: { ':attempts': previous.attempts },
              }
            : { ConditionExpression: 'attribute_not_exists(runId)' }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new RunBusyError(`run ${next.runId} was started by another attempt`);
      }
      throw error;
    }
  }

  async save(run: Run): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: RunSchema.parse(run) }));
  }

  async list(options: { ruleId?: string; limit?: number } = {}): Promise<Run[]> {
    const limit = options.limit ?? 50;
    const runs: Run[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = options.ruleId
        ? await this.db.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: 'byRule',
              KeyConditionExpression: 'ruleId = :r',
              ExpressionAttributeValues: { ':r': options.ruleId },
              ScanIndexForward: false,
              Limit: limit,
              ExclusiveStartKey: startKey,
            }),
          )
        : await this.db.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }));
      for (const item of out.Items ?? []) runs.push(RunSchema.parse(item));
      startKey = options.ruleId && runs.length >= limit ? undefined : out.LastEvaluatedKey;
    } while (startKey);
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
  }
}
