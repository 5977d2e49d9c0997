import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type JobProgress, JobProgressSchema } from './backfill.ts';

/** Back-fill jobs' progress, written by the consumer and read by the CLI. */
export interface JobStore {
  get(jobId: string): Promise<JobProgress | undefined>;
  put(progress: JobProgress): Promise<void>;
}

/** Job progress in the events table (key family `job#<jobId>`, docs/events-table.md), kept for a week. */
export class DynamoJobStore implements JobStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(jobId: string): Promise<JobProgress | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `job#${jobId}` } }),
    );
    if (!Item) return undefined;
    const parsed = JobProgressSchema.safeParse(JSON.parse(String(Item.progress)));
    return parsed.success ? parsed.data : undefined;
  }

  async put(progress: JobProgress): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `job#${progress.jobId}`,
          progress: JSON.stringify(progress),
          expiresAt: Math.floor(this.now() / 1000) + 7 * 86_400,
        },
      }),
    );
  }
}
