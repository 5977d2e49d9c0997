import { mkdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { createSqsClient } from '#shared/queue/sqs-client.ts';

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts dynalite (the real DynamoDB wire protocol); with `path`, its data lives on disk and survives restarts. */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<Emulator> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

export interface LocalQueues extends Emulator {
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
}

/**
 * Starts fauxqs (the real SQS wire protocol) with the events queue and its DLQ, redriven after `maxReceives`.
 * With `dataDir`, fauxqs writes every queue change through to SQLite before it answers (ADR 002), so a
 * message whose SendMessage succeeded survives a killed process, in flight or not, with its receive count.
 */
export async function startQueues(options: {
  maxReceives: number;
  visibilityTimeoutS: number;
  port?: number;
  /** Where the queues live on disk; without it they are in memory only (tests, the bench). */
  dataDir?: string;
  /**
   * A queue snapshot left by an earlier wixflow (`queued-messages.json`, written before the queues were
   * durable): its messages are queued once, then the file is removed.
   */
  legacySnapshotFile?: string;
}): Promise<LocalQueues> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: '127.0.0.1',
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const endpoint = server.address;
  const sqs = localSqsClient(endpoint);
  const dlqUrl = await ensureQueue(sqs, 'wixflow-events-dlq', { MessageRetentionPeriod: '1209600' });
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  const queueUrl = await ensureQueue(sqs, 'wixflow-events', {
    VisibilityTimeout: String(options.visibilityTimeoutS),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: String(options.maxReceives),
    }),
  });
  if (options.legacySnapshotFile) {
    await restoreLegacySnapshot(sqs, options.legacySnapshotFile, { queue: queueUrl, dlq: dlqUrl });
  }
  return {
    endpoint,
    sqs,
    queueUrl,
    dlqUrl,
    stop: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
}

/**
 * The queue's URL, creating it or, when it survives from an earlier start on the same data directory,
 * setting today's attributes on it (CreateQueue refuses an existing queue with other attributes).
 */
async function ensureQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const existing = await sqs
    .send(new GetQueueUrlCommand({ QueueName: name }))
    .then((r) => r.QueueUrl)
    .catch((error: Error) => {
      if (error.name === 'QueueDoesNotExist' || error.name.includes('NonExistentQueue')) return undefined;
      throw error;
    });
  if (existing) {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: existing, Attributes: attributes }));
    return existing;
  }
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!created.QueueUrl) throw new Error(`fauxqs created ${name} without a URL`);
  return created.QueueUrl;
}

/** An SQS client for a local endpoint (fauxqs accepts any credentials). */
export function localSqsClient(endpoint: string): SQSClient {
  return createSqsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

interface SavedQueues {
  queue: string[];
  dlq: string[];
}

/** Sends the messages of a legacy snapshot back to their queues, then removes the file. */
async function restoreLegacySnapshot(
  sqs: SQSClient,
  file: string,
  urls: { queue: string; dlq: string },
): Promise<void> {
  let saved: SavedQueues;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as SavedQueues;
  } catch {
    return;
  }
  for (const body of saved.queue)
    await sqs.send(new SendMessageCommand({ QueueUrl: urls.queue, MessageBody: body }));
  for (const body of saved.dlq)
    await sqs.send(new SendMessageCommand({ QueueUrl: urls.dlq, MessageBody: body }));
  await rm(file, { force: true });
}
