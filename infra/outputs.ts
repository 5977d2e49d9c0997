import { CfnOutput } from 'aws-cdk-lib';
import type { WixflowStack } from './stack.ts';

/** The stack's outputs: the URLs to register with Wix, and what the CLI (cli/aws-context.ts) reads. */
export function stackOutputs(stack: WixflowStack): void {
  const out = (id: string, value: string, description: string) =>
    new CfnOutput(stack, id, { value, description });
  out('WebhookUrl', stack.webhookApi.webhookUrl, 'Register this as the Wix app webhook URL');
  out('HealthUrl', stack.webhookApi.healthUrl, 'GET returns 200 when the ingest function is up');
  out(
    'InstallUrl',
    `${stack.publicUrl}/oauth/install`,
    'Register this as the Wix app URL (starts an install)',
  );
  out('RedirectUrl', `${stack.publicUrl}/oauth/callback`, 'Register this as the Wix app redirect URL');
  out('ConnectionsTableName', stack.tables.connections.tableName, 'DynamoDB table of Wix site connections');
  out('RulesTableName', stack.tables.rules.tableName, 'DynamoDB table of rules');
  out('EventsTableName', stack.tables.events.tableName, 'DynamoDB table of events (dedupe and log)');
  out('RunsTableName', stack.tables.runs.tableName, 'DynamoDB table of rule runs');
  out('EventsQueueUrl', stack.queues.events.queueUrl, 'SQS queue of verified Wix events');
  out('DeadLetterQueueUrl', stack.queues.deadLetters.queueUrl, 'Events that failed every delivery');
  out(
    'AppSecretArn',
    stack.secrets.appSecret.secretArn,
    stack.secrets.appSecretCreatedHere
      ? 'Placeholder Wix app secret: aws secretsmanager put-secret-value --secret-id <this> --secret-string ...'
      : 'Wix app secret (imported)',
  );
  out(
    'SecretsPrefix',
    stack.secrets.prefix,
    'Name prefix of the secrets wixflow keeps (connections/, rule-secrets/)',
  );
  out(
    'DashboardUrl',
    `https://console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${stack.monitoring.dashboard.dashboardName}`,
    'CloudWatch dashboard of this deployment',
  );
  out(
    'AlarmTopicArn',
    stack.monitoring.alarmTopic.topicArn,
    'SNS topic every alarm notifies; subscribe to it',
  );
  if (stack.encryptionKey) {
    out('KmsKeyArn', stack.encryptionKey.keyArn, 'Customer managed key of the tables, queues and secrets');
  }
}
