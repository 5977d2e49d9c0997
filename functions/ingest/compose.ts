import type { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestConfig } from '#shared/ingest/ingest-config.ts';
import type { Logger } from '#shared/log.ts';
import type { Metrics } from '#shared/observability/metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import type { IngestHandlerDeps } from './app.ts';

/** The clients ingest runs on: AWS's SQS in the Lambda, fauxqs locally. */
export interface IngestClients {
  sqs: SQSClient;
}

/** What ingest's deps are built from: its configuration less what the caller uses to build logs and metrics. */
export type IngestSettings = Omit<IngestConfig, 'logLevel' | 'stage'>;

/** Ingest's one composition root, called by the Lambda handler and the local stack. */
export function composeIngest(
  clients: IngestClients,
  config: IngestSettings,
  { log, metrics }: { log: Logger; metrics: Metrics },
): IngestHandlerDeps {
  return {
    publicKey: config.publicKey,
    queue: new SqsEventQueue(clients.sqs, config.queueUrl),
    log,
    metrics,
  };
}
