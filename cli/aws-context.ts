import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoAutomationStore } from '#shared/automations/automation-store.ts';
import { DynamoJobStore } from '#shared/backfill/jobs.ts';
import { createSqsClient } from '#shared/queue/sqs-client.ts';
import { sqsQueueAdmin } from '#shared/queue/sqs-queue-admin.ts';
import { secretsManagerClient } from '#shared/secrets/secrets-manager-client.ts';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';
import { DynamoConnectionStore } from '#shared/store/connections.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { DynamoEventStore } from '#shared/store/events.ts';
import { DynamoRuleStore } from '#shared/store/rules.ts';
import { DynamoRunStore } from '#shared/store/runs.ts';
import { DynamoRateLimiter } from '#shared/wix/client/rate-limiter.ts';
import type { CliContext } from './context.ts';
import { CliError } from './output.ts';

/** The stack outputs the CLI needs (infra/stack.ts declares them). */
export const REQUIRED_OUTPUTS = [
  'ConnectionsTableName',
  'RulesTableName',
  'RunsTableName',
  'EventsTableName',
  'EventsQueueUrl',
  'DeadLetterQueueUrl',
  'SecretsPrefix',
] as const;

/** Outputs of some stacks only (a customer key), or of newer versions (automations). */
const OPTIONAL_OUTPUTS = [
  'KmsKeyArn',
  'WebhookUrl',
  'PublicUrl',
  'WixApiBaseUrl',
  'WixAppId',
  'AppSecretArn',
  'WixRateLimit',
] as const;

export interface AwsContextOptions {
  stackName: string;
  region?: string;
  /** Injected clients (tests); by default built from the user's AWS configuration. */
  cloudFormation?: CloudFormationClient;
  dynamoEndpoint?: string;
  sqs?: SQSClient;
  secretsManager?: SecretsManagerClient;
}

/** Reads a deployed stack's outputs and opens its tables, secrets and queues with the user's own AWS credentials. */
export async function openAwsContext(options: AwsContextOptions): Promise<CliContext> {
  const region = options.region ? { region: options.region } : {};
  const cloudFormation = options.cloudFormation ?? new CloudFormationClient(region);
  const outputs = await stackOutputs(cloudFormation, options.stackName);
  const db = createDocumentClient({
    ...region,
    ...(options.dynamoEndpoint ? { endpoint: options.dynamoEndpoint } : {}),
  });
  const sqs = options.sqs ?? createSqsClient(region);
  // Secrets the CLI creates (API keys) use the stack's customer managed key when it has one.
  const secretsManager =
    options.secretsManager ?? secretsManagerClient(outputs.KmsKeyArn || undefined, region);
  return {
    description: `stack ${options.stackName}${options.region ? ` (${options.region})` : ''}`,
    stores: {
      connections: new DynamoConnectionStore(db, outputs.ConnectionsTableName),
      rules: new DynamoRuleStore(db, outputs.RulesTableName),
      runs: new DynamoRunStore(db, outputs.RunsTableName),
      events: new DynamoEventStore(db, { events: outputs.EventsTableName, runs: outputs.RunsTableName }),
      automations: new DynamoAutomationStore(db, outputs.EventsTableName),
      jobs: new DynamoJobStore(db, outputs.EventsTableName),
    },
    secrets: new SecretsManagerStore(secretsManager, 0),
    secretsPrefix: outputs.SecretsPrefix,
    ...(outputs.WebhookUrl ? { webhookUrl: outputs.WebhookUrl } : {}),
    wix: async () => {
      if (!outputs.WixApiBaseUrl || !outputs.PublicUrl) {
        throw new CliError(
          `stack ${options.stackName} lacks the outputs WixApiBaseUrl and PublicUrl; redeploy it with this version of wixflow`,
        );
      }
      return {
        wixApiBaseUrl: outputs.WixApiBaseUrl,
        appId: outputs.WixAppId || undefined,
        appSecretId: outputs.AppSecretArn || undefined,
        publicUrl: outputs.PublicUrl,
        localWix: false,
        rateLimiter: new DynamoRateLimiter(db, outputs.EventsTableName, {
          perMinute: Number(outputs.WixRateLimit || 200),
        }),
      };
    },
    queues: () =>
      sqsQueueAdmin(sqs, { queueUrl: outputs.EventsQueueUrl, dlqUrl: outputs.DeadLetterQueueUrl }),
    close: async () => {
      db.destroy();
      sqs.destroy();
      secretsManager.destroy();
      cloudFormation.destroy();
    },
  };
}

async function stackOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Record<(typeof REQUIRED_OUTPUTS)[number] | (typeof OPTIONAL_OUTPUTS)[number], string>> {
  const found = await cloudFormation
    .send(new DescribeStacksCommand({ StackName: stackName }))
    .then((out) => out.Stacks?.[0])
    .catch((error: unknown) => {
      throw new CliError(awsProblem(error, stackName));
    });
  if (!found)
    throw new CliError(`no stack ${stackName}; deploy it with \`npx cdk deploy\`, or pass --stack NAME`);
  const values = new Map((found.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const missing = REQUIRED_OUTPUTS.filter((key) => !values.get(key));
  if (missing.length > 0) {
    throw new CliError(
      `stack ${stackName} lacks the outputs ${missing.join(', ')}; redeploy it with this version of wixflow`,
    );
  }
  return {
    ...(Object.fromEntries(REQUIRED_OUTPUTS.map((key) => [key, values.get(key) ?? ''])) as Record<
      (typeof REQUIRED_OUTPUTS)[number],
      string
    >),
    ...(Object.fromEntries(OPTIONAL_OUTPUTS.map((key) => [key, values.get(key) ?? ''])) as Record<
      (typeof OPTIONAL_OUTPUTS)[number],
      string
    >),
  };
}

function awsProblem(error: unknown, stackName: string): string {
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message ?? String(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return 'no AWS credentials: configure them (aws configure, AWS_PROFILE or environment variables) and try again';
  }
  if (name === 'ValidationError' && /does not exist/.test(message)) {
    return `no stack ${stackName} in this account and region; pass --stack NAME and --region REGION`;
  }
  return `could not read stack ${stackName}: ${message}`;
}
