import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';

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
  return {
    endpoint,
    sqs,
    queueUrl: queue.QueueUrl ?? '',
    dlqUrl,
    stop: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
}

/** An SQS client for a local endpoint (fauxqs accepts any credentials). */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
