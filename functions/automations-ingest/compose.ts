import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestHandlerDeps } from '#functions/ingest/app.ts';
import { DynamoTokenLookup } from '#shared/automations/dynamo-token-lookup.ts';
import type { AutomationIntakeConfig } from '#shared/automations/intake-config.ts';
import type { Logger } from '#shared/log.ts';
import type { Metrics } from '#shared/observability/metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';

/** The clients the automations intake runs on: AWS's in the Lambda, fauxqs and dynalite locally. */
export interface AutomationsIngestClients {
  sqs: SQSClient;
  /** The plain client: the intake bundle leaves out the document client (and zod) for its cold start. */
  dynamodb: DynamoDBClient;
}

/** What the intake's deps are built from: its configuration less what the caller uses to build logs and metrics. */
export type AutomationsIngestSettings = Omit<AutomationIntakeConfig, 'logLevel' | 'stage'>;

/**
 * The automations intake's one composition root, called by its Lambda handler and the local stack: the ingest
 * handler serving only `POST /webhooks/automations/{token}` (no webhook key, so not `POST /webhooks/wix`).
 */
export function composeAutomationsIngest(
  clients: AutomationsIngestClients,
  config: AutomationsIngestSettings,
  { log, metrics }: { log: Logger; metrics: Metrics },
): IngestHandlerDeps {
  return {
    queue: new SqsEventQueue(clients.sqs, config.queueUrl),
    automationTokens: new DynamoTokenLookup(clients.dynamodb, config.tokensTable),
    log,
    metrics,
  };
}
