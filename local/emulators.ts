import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
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

/** Starts fauxqs (the real SQS wire protocol) with the events queue and its DLQ, redriven after `maxReceives`. */
export async function startQueues(options: {
  maxReceives: number;
  visibilityTimeoutS: number;
  port?: number;
  /**
   * Where the messages still queued are kept (fauxqs holds them in memory only) and re-sent from at the next
   * start, so nothing accepted locally is lost across a restart. Written every `snapshotMs` while running and
   * at stop, so a killed process loses at most the last interval's messages; a message already processed
   * when the snapshot was taken comes back as a duplicate, which the event log recognises. Receive counts
   * start over.
   */
  persistFile?: string;
  /** @default 2000 */
  snapshotMs?: number;
}): Promise<LocalQueues> {
  const server = await startFauxqs({ port: options.port ?? 0, host: '127.0.0.1', logger: false });
  const endpoint = server.address;
  const sqs = localSqsClient(endpoint);
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'wixflow-events-dlq',
      Attributes: { MessageRetentionPeriod: '1209600' },
    }),
  );
  const dlqUrl = dlq.QueueUrl ?? '';
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'wixflow-events',
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutS),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: String(options.maxReceives),
        }),
      },
    }),
  );
  const persistFile = options.persistFile;
  let snapshots: { stop(): Promise<void> } | undefined;
  if (persistFile) {
    await restoreQueued(sqs, persistFile, { queue: queue.QueueUrl ?? '', dlq: dlqUrl });
    snapshots = everyInterval(options.snapshotMs ?? 2000, () => saveQueued(server, persistFile));
  }
  return {
    endpoint,
    sqs,
    queueUrl: queue.QueueUrl ?? '',
    dlqUrl,
    stop: async () => {
      await snapshots?.stop();
      if (persistFile) await saveQueued(server, persistFile);
      sqs.destroy();
      await server.stop();
    },
  };
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

/** Writes the bodies of every message in the events queue and its DLQ (ready, delayed or in flight). */
async function saveQueued(server: FauxqsServer, file: string): Promise<void> {
  const bodies = (name: string) => {
    const inspected = server.inspectQueue(name);
    if (!inspected) return [];
    const { ready, delayed, inflight } = inspected.messages;
    return [...ready, ...delayed, ...inflight.map((entry) => entry.message)].map((m) => m.body);
  };
  const saved: SavedQueues = { queue: bodies('wixflow-events'), dlq: bodies('wixflow-events-dlq') };
  if (saved.queue.length + saved.dlq.length === 0) {
    await rm(file, { force: true });
    return;
  }
  // Written aside, then renamed: a kill mid-write leaves the previous snapshot, never half of one.
  await writeFile(`${file}.tmp`, `${JSON.stringify(saved)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/** Runs `work` every `ms` (never two at once, not keeping the process alive) until `stop` resolves. */
function everyInterval(ms: number, work: () => Promise<void>): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= work()
      // A failed snapshot is tried again at the next interval; the one at stop reports its error.
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** Sends the messages saved at the last stop back to their queues, then removes the file. */
async function restoreQueued(
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
