import { SQSClient } from '@aws-sdk/client-sqs';
import { loadIngestConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import { importWixPublicKey } from '#shared/wix/webhook/verify.ts';
import { createIngestHandler } from './app.ts';

const config = loadIngestConfig();
const log = createLogger({ level: config.logLevel, base: { service: 'wixflow-ingest' } });

export const handler = createIngestHandler({
  publicKey: importWixPublicKey(config.publicKeyPem),
  queue: new SqsEventQueue(new SQSClient({}), config.queueUrl),
  log,
});
