/** A deployed stack as the CLI and the console find it: its table names and its CloudFormation outputs. */
export const TABLES = {
  connections: 'prod-conn',
  rules: 'prod-rules',
  runs: 'prod-runs',
  events: 'prod-events',
};

export const OUTPUTS = {
  ConnectionsTableName: TABLES.connections,
  RulesTableName: TABLES.rules,
  RunsTableName: TABLES.runs,
  EventsTableName: TABLES.events,
  EventsQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/events',
  DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/dlq',
  SecretsPrefix: 'wixflow/Wixflow-prod/',
  WebhookUrl: 'https://x.execute-api.eu-west-1.amazonaws.com/webhooks/wix',
};

/** DescribeStacks' answer for `Wixflow-prod` with `outputs`. */
export const stackWith = (outputs: Record<string, string>) => ({
  Stacks: [
    {
      StackName: 'Wixflow-prod',
      StackStatus: 'CREATE_COMPLETE' as const,
      CreationTime: new Date(),
      Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
    },
  ],
});
