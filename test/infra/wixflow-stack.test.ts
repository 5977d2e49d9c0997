import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixflowStack } from '../../infra/stack.ts';
import { METRIC } from '../../shared/observability/metrics.ts';
import {
  actionsOf,
  allStatements,
  DEPLOYABLE_CONTEXT,
  logicalId,
  type PolicyStatement,
  propertiesOf,
  READ_RULE_SECRETS,
  secretsUnder,
  statementsOfRole,
  synthWixflow,
  TEST_PUBLIC_KEY,
} from './synth.ts';

let stack: WixflowStack;
let template: Template;
let ids: {
  ingest: string;
  consumer: string;
  oauth: string;
  ingestRole: string;
  consumerRole: string;
  oauthRole: string;
  events: string;
  deadLetters: string;
  connections: string;
  rules: string;
  eventsTable: string;
  runs: string;
  appSecret: string;
};
let assemblyDir: string;

beforeAll(() => {
  // The one synth of this file bundles every function for real, with the local esbuild.
  const synthesized = synthWixflow(DEPLOYABLE_CONTEXT, { bundle: true });
  stack = synthesized.stack;
  template = synthesized.template;
  assemblyDir = synthesized.app.synth().directory;
  ids = {
    ingest: logicalId(stack.ingest),
    consumer: logicalId(stack.consumer),
    oauth: logicalId(stack.oauth),
    ingestRole: logicalId(stack.ingest.role ?? stack.ingest),
    consumerRole: logicalId(stack.consumer.role ?? stack.consumer),
    oauthRole: logicalId(stack.oauth.role ?? stack.oauth),
    events: logicalId(stack.queues.events),
    deadLetters: logicalId(stack.queues.deadLetters),
    connections: logicalId(stack.tables.connections),
    rules: logicalId(stack.tables.rules),
    eventsTable: logicalId(stack.tables.events),
    runs: logicalId(stack.tables.runs),
    appSecret: logicalId(stack.secrets.appSecret),
  };
});
// The synth wrote its assembly (and the bundles) to a temp folder.
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

const FUNCTION = 'AWS::Lambda::Function';
const QUEUE = 'AWS::SQS::Queue';
const TABLE = 'AWS::DynamoDB::Table';
const WRITE_ACTIONS = new Set([
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
]);
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const ref = (id: string) => ({ Ref: id });

describe('HTTP API', () => {
  const routeTargets = () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    return Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => {
      const { RouteKey, Target } = (route as { Properties: { RouteKey: string; Target: unknown } })
        .Properties;
      const integrationId = JSON.stringify(Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      const properties = (integrations[integrationId]?.Properties ?? {}) as { IntegrationUri?: unknown };
      const uri = properties.IntegrationUri;
      return [RouteKey, uri];
    });
  };

  it('routes POST /webhooks/wix and GET /health to ingest, the install routes to oauth, the automation intake to its function, and nothing else', () => {
    const automations = logicalId(stack.automationsIngest);
    expect(Object.fromEntries(routeTargets())).toEqual({
      'POST /webhooks/wix': arn(ids.ingest),
      'GET /health': arn(ids.ingest),
      'GET /oauth/install': arn(ids.oauth),
      'GET /oauth/callback': arn(ids.oauth),
      'POST /webhooks/automations/{token}': arn(automations),
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    for (const fn of [ids.ingest, ids.oauth, automations]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: arn(fn),
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('lets API Gateway invoke each function only through its own routes', () => {
    const permissions = template.findResources('AWS::Lambda::Permission', {
      Properties: { Principal: 'apigateway.amazonaws.com' },
    });
    const byFunction = Object.values(permissions).map((p) => [
      JSON.stringify(p.Properties.FunctionName),
      JSON.stringify(p.Properties.SourceArn).match(/\/\*\/\*(\/[a-z/{}]+)"\]\]\}$/)?.[1],
    ]);
    expect(byFunction.sort()).toEqual(
      [
        [JSON.stringify(arn(ids.ingest)), '/webhooks/wix'],
        [JSON.stringify(arn(ids.ingest)), '/health'],
        [JSON.stringify(arn(ids.oauth)), '/oauth/install'],
        [JSON.stringify(arn(ids.oauth)), '/oauth/callback'],
        [JSON.stringify(arn(logicalId(stack.automationsIngest))), '/webhooks/automations/{token}'],
      ].sort(),
    );
  });

  it('outputs the app URL and redirect URL to register with Wix', () => {
    template.hasOutput('InstallUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/oauth/install$')])] },
    });
    template.hasOutput('RedirectUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/oauth/callback$')])] },
    });
  });

  it('serves a throttled, auto-deployed $default stage that writes access logs to its own log group', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: {
        DestinationArn: arn(logicalId(stack.webhookApi.accessLogs)),
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('throttles the stage at 100 requests/s (burst 200) and the install routes far lower', () => {
    const stages = template.findResources('AWS::ApiGatewayV2::Stage');
    const [stageId = '', stageResource] = Object.entries(stages)[0] ?? [];
    const installRouteIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, route]) => String(route.Properties.RouteKey).startsWith('GET /oauth/'))
      .map(([id]) => id);

    expect(Object.keys(stages)).toHaveLength(1);
    expect(propertiesOf(template, 'AWS::ApiGatewayV2::Stage', stageId)).toMatchObject({
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: {
        'GET /oauth/install': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        'GET /oauth/callback': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      },
    });
    // A stage can only name routes that exist: CloudFormation must create them first.
    expect(installRouteIds).toHaveLength(2);
    expect(stageResource?.DependsOn).toEqual(expect.arrayContaining(installRouteIds));
  });

  it('logs request metadata with both correlation ids, and never a body or a path (an automation URL holds a token)', () => {
    type Stage = { AccessLogSettings: { Format: string } };
    const [stageId = ''] = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(
      propertiesOf<Stage>(template, 'AWS::ApiGatewayV2::Stage', stageId).AccessLogSettings.Format,
    ) as Record<string, string>;

    expect(format).toMatchObject({
      requestId: '$context.requestId',
      awsRequestId: '$context.integration.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
    expect(JSON.stringify(format)).not.toMatch(/body|\$input|authorization/i);
    expect(JSON.stringify(format)).not.toMatch(/\$context\.(path|resourcePath)|\$request\.path/);
  });

  it('outputs the webhook URL to register with Wix', () => {
    template.hasOutput('WebhookUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/webhooks/wix$')])] },
    });
  });
});

describe('event queues', () => {
  it('moves an event to the dead-letter queue after maxReceives (default 5) deliveries', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: arn(ids.deadLetters), maxReceiveCount: 5 },
    });
  });

  it('keeps an event invisible for at least six consumer timeouts while it is being processed', () => {
    const { Timeout } = propertiesOf<{ Timeout: number }>(template, FUNCTION, ids.consumer);
    const { VisibilityTimeout } = propertiesOf<{ VisibilityTimeout: number }>(template, QUEUE, ids.events);
    expect(Timeout).toBe(60);
    expect(VisibilityTimeout).toBeGreaterThanOrEqual(6 * Timeout);
  });

  it('keeps dead letters for the 14-day maximum', () => {
    expect(propertiesOf(template, QUEUE, ids.deadLetters)).toMatchObject({
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('encrypts both queues with SQS-managed keys', () => {
    for (const id of [ids.events, ids.deadLetters]) {
      expect(propertiesOf(template, QUEUE, id)).toMatchObject({
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('denies every non-TLS request to both queues', () => {
    for (const id of [ids.events, ids.deadLetters]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(id)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('feeds the consumer batches of 10 with partial batch failures and a short batching window', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arn(ids.events),
      FunctionName: ref(ids.consumer),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: Match.anyValue(),
    });
    const [mappingId = ''] = Object.keys(template.findResources('AWS::Lambda::EventSourceMapping'));
    type Mapping = { MaximumBatchingWindowInSeconds: number };
    const mapping = propertiesOf<Mapping>(template, 'AWS::Lambda::EventSourceMapping', mappingId);
    expect(mapping.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
    expect(mapping.MaximumBatchingWindowInSeconds).toBeLessThanOrEqual(5);
  });

  it('raises an alarm as soon as one event is in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.deadLetters, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('raises an alarm when the oldest queued event is older than its whole retry budget', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.events, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5 * 360,
    });
  });
  it('raises an alarm on any 5xx answer of the webhook API, since Wix is then retrying', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: ref(logicalId(stack.webhookApi.api)) }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });
});

describe('tables', () => {
  const stateTable = {
    BillingMode: 'PAY_PER_REQUEST',
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    // SSEEnabled without a key id: the AWS managed key aws/dynamodb.
    SSESpecification: { SSEEnabled: true },
  };

  it('creates exactly four tables, all named by CloudFormation, retained on stack deletion', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables).sort()).toEqual(
      [ids.connections, ids.eventsTable, ids.rules, ids.runs].sort(),
    );
    for (const table of Object.values(tables)) {
      expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(table.Properties).toMatchObject(stateTable);
      expect(table.Properties).not.toHaveProperty('TableName');
      expect(table.Properties.SSESpecification).not.toHaveProperty('KMSMasterKeyId');
    }
  });

  it('keys connections by id and finds them by Wix instanceId', () => {
    expect(propertiesOf(template, TABLE, ids.connections)).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byInstanceId',
          KeySchema: [{ AttributeName: 'instanceId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('keys rules by id', () => {
    const rules = propertiesOf(template, TABLE, ids.rules);
    expect(rules).toMatchObject({ KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] });
    expect(rules).not.toHaveProperty('GlobalSecondaryIndexes');
  });

  it('keys events by pk and expires them through expiresAt', () => {
    expect(propertiesOf(template, TABLE, ids.eventsTable)).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('keys runs by runId, lists them per rule by startedAt, and expires them through expiresAt', () => {
    expect(propertiesOf(template, TABLE, ids.runs)).toMatchObject({
      KeySchema: [{ AttributeName: 'runId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byRule',
          KeySchema: [
            { AttributeName: 'ruleId', KeyType: 'HASH' },
            { AttributeName: 'startedAt', KeyType: 'RANGE' },
          ],
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('functions', () => {
  it('runs every function on Node.js 24, arm64, with X-Ray and a 30-day log group of its own', () => {
    for (const [id, memory, timeout] of [
      [ids.ingest, 256, 5],
      [ids.consumer, 256, 60],
      [ids.oauth, 256, 20],
    ] as const) {
      expect(propertiesOf(template, FUNCTION, id)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: timeout,
        TracingConfig: { Mode: 'Active' },
      });
      expect(propertiesOf(template, 'AWS::Logs::LogGroup', logGroupOf(id))).toMatchObject({
        RetentionInDays: 30,
      });
    }
  });

  it('bundles each handler into one minified ESM file with a require shim and a source map, offline', () => {
    for (const fn of [stack.ingest, stack.consumer, stack.oauth]) {
      const { Code: code } = propertiesOf<{ Code: { S3Key: string } }>(template, FUNCTION, logicalId(fn));
      const bundle = join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(bundle, 'index.mjs.map'))).toBe(true);
      const source = readFileSync(join(bundle, 'index.mjs'), 'utf8');
      expect(
        source.startsWith("import { createRequire as __wixflowCreateRequire } from 'node:module';"),
      ).toBe(true);
      expect(source).toMatch(/export\s*\{/);
      // Minified: long lines (readable code averages well under 100 characters a line).
      expect(source.length / source.split('\n').length).toBeGreaterThan(1000);
    }
  });

  it('bundles only what each function needs: no DynamoDB, Secrets Manager or rule engine in ingest', () => {
    const bundle = (fn: typeof stack.ingest) => {
      const { Code: code } = propertiesOf<{ Code: { S3Key: string } }>(template, FUNCTION, logicalId(fn));
      return readFileSync(
        join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs'),
        'utf8',
      );
    };
    const has = (source: string) => ({
      dynamodb: source.includes('DynamoDB_20120810'),
      secretsManager: source.includes('secretsmanager'),
      sqs: source.includes('AmazonSQS'),
      ruleEngine: source.includes('jsonata'),
    });

    expect(has(bundle(stack.ingest))).toEqual({
      dynamodb: false,
      secretsManager: false,
      sqs: true,
      ruleEngine: false,
    });
    // The token lookup needs DynamoDB: that is why the automation intake is a function of its own.
    expect(has(bundle(stack.automationsIngest))).toEqual({
      dynamodb: true,
      secretsManager: false,
      sqs: true,
      ruleEngine: false,
    });
    expect(has(bundle(stack.oauth))).toEqual({
      dynamodb: true,
      secretsManager: true,
      sqs: false,
      ruleEngine: false,
    });
    expect(has(bundle(stack.consumer))).toEqual({
      dynamodb: true,
      secretsManager: true,
      sqs: true,
      ruleEngine: true,
    });
  });

  it('bundles no Wix SDK package: @wix/* are devDependencies for the contract tests only', () => {
    // The source map names every file esbuild put in the bundle (the text alone cannot tell: wixflow's own
    // code says "@wix/stores", the Stores category namespace).
    const sourcesOf = (fn: typeof stack.ingest) => {
      const { Code: code } = propertiesOf<{ Code: { S3Key: string } }>(template, FUNCTION, logicalId(fn));
      const map = readFileSync(
        join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs.map'),
        'utf8',
      );
      return (JSON.parse(map) as { sources: string[] }).sources;
    };
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };

    for (const fn of [stack.ingest, stack.consumer, stack.oauth]) {
      const sources = sourcesOf(fn);
      expect(
        sources.some((s) => s.includes('node_modules/@middy/core/')),
        'the source map lists packages',
      ).toBe(true);
      expect(sources.filter((s) => /node_modules\/@wix\//.test(s))).toEqual([]);
    }
    expect(Object.keys(packageJson.dependencies).filter((name) => name.startsWith('@wix/'))).toEqual([]);
    expect(Object.keys(packageJson.devDependencies)).toContain('@wix/sdk');
  });

  it('keeps Wix SDK imports out of everything a Lambda can bundle (functions/, shared/)', () => {
    const imports = ['functions', 'shared'].flatMap((dir) =>
      readdirSync(new URL(`../../${dir}/`, import.meta.url), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .filter((file) =>
          /from\s+['"]@wix\/|import\(\s*['"]@wix\//.test(
            readFileSync(new URL(`../../${dir}/${file}`, import.meta.url), 'utf8'),
          ),
        )
        .map((file) => `${dir}/${file}`),
    );
    expect(imports).toEqual([]);
  });

  it('gives ingest exactly the queue URL, the public key and the runtime defaults', () => {
    const env = environmentOf(ids.ingest);
    expect(Object.keys(env).sort()).toEqual(
      ['EVENTS_QUEUE_URL', 'NODE_OPTIONS', 'WIX_APP_PUBLIC_KEY', 'WIXFLOW_STAGE'].sort(),
    );
    expect(env).toMatchObject({
      WIXFLOW_STAGE: 'test',
      EVENTS_QUEUE_URL: ref(ids.events),
      WIX_APP_PUBLIC_KEY: TEST_PUBLIC_KEY.trim(),
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives the consumer its tables, queue, Wix settings and secret locations', () => {
    const env = environmentOf(ids.consumer);
    expect(env).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      WIXFLOW_STAGE: 'test',
      CONNECTIONS_TABLE: ref(ids.connections),
      RULES_TABLE: ref(ids.rules),
      RUNS_TABLE: ref(ids.runs),
      EVENTS_TABLE: ref(ids.eventsTable),
      EVENTS_QUEUE_URL: ref(ids.events),
      WIX_API_BASE_URL: 'https://www.wixapis.com',
      WIX_APP_ID: DEPLOYABLE_CONTEXT.wixAppId,
      WIX_APP_SECRET_ARN: ref(ids.appSecret),
      WIXFLOW_SECRETS_PREFIX: 'wixflow/Wixflow-test/',
      WIXFLOW_WIX_RATE_LIMIT: '200',
      WIXFLOW_RETRY_DELAY_S: '30',
      WIXFLOW_EVENT_RETENTION_DAYS: '30',
      WIXFLOW_HTTP_ALLOW_PRIVATE: 'false',
      WIXFLOW_RECONCILE_INTERVAL: '1h',
    });
  });

  it('gives the oauth function the connections table, Wix settings, secret locations and the public URL', () => {
    const env = environmentOf(ids.oauth);
    expect(env).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      WIXFLOW_STAGE: 'test',
      CONNECTIONS_TABLE: ref(ids.connections),
      WIX_API_BASE_URL: 'https://www.wixapis.com',
      WIX_APP_ID: DEPLOYABLE_CONTEXT.wixAppId,
      WIX_APP_SECRET_ARN: ref(ids.appSecret),
      WIXFLOW_SECRETS_PREFIX: 'wixflow/Wixflow-test/',
      WIX_INSTALLER_URL: 'https://www.wix.com/installer/install',
      WIXFLOW_PUBLIC_URL: {
        'Fn::Join': [
          '',
          [
            'https://',
            ref(logicalId(stack.webhookApi.api)),
            '.execute-api.',
            { Ref: 'AWS::Region' },
            '.',
            { Ref: 'AWS::URLSuffix' },
          ],
        ],
      },
    });
  });
});

describe('monitoring', () => {
  type AlarmProperties = {
    AlarmActions?: unknown[];
    OKActions?: unknown[];
    Namespace?: string;
    MetricName?: string;
    Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { Dimensions: unknown[] } } }[];
  };
  const alarms = () =>
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as AlarmProperties,
    );
  const topic = () => ref(logicalId(stack.monitoring.alarmTopic));

  it('raises at least four alarms, each notifying the alarm topic when it fires and when it clears', () => {
    expect(alarms().length).toBeGreaterThanOrEqual(4);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions).toEqual([topic()]);
      expect(alarm.OKActions).toEqual([topic()]);
    }
  });

  it('raises an alarm when the consumer fails a whole batch (crash, timeout, configuration)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(ids.consumer) }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it("raises an alarm when ingest's p99 duration nears Wix's 1,250 ms webhook timeout", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: ref(ids.ingest) }],
      ExtendedStatistic: 'p99',
      Threshold: 1000,
    });
  });

  it("raises an alarm when a rule run fails or needs attention, from this stage's Runs metric", () => {
    const runsAlarm = alarms().find((a) => a.Metrics?.some((m) => m.Expression?.includes('failed')));
    const stat = (id: string) => runsAlarm?.Metrics?.find((m) => m.Id === id)?.MetricStat?.Metric;

    expect(stat('failed')).toEqual({
      Namespace: 'Wixflow',
      MetricName: METRIC.runs,
      Dimensions: [
        { Name: 'Stage', Value: 'test' },
        { Name: 'Status', Value: 'failed' },
      ],
    });
    expect(stat('attention')).toMatchObject({
      Dimensions: [
        { Name: 'Stage', Value: 'test' },
        { Name: 'Status', Value: 'needs-attention' },
      ],
    });
  });

  it('accepts only TLS on the alarm topic and subscribes nobody unless alarmEmail is set', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic()],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it("graphs every wixflow metric of this stage on one dashboard, beside the queue's, API's and functions'", () => {
    const body = dashboardBody();

    for (const name of Object.values(METRIC)) expect(body, name).toContain(name);
    expect(body).toContain(
      'SEARCH(\'{Wixflow,Stage,Status} MetricName=\\"EventsRejected\\" Stage=\\"test\\"',
    );
    for (const namespace of ['AWS/ApiGateway', 'AWS/SQS', 'AWS/Lambda']) expect(body).toContain(namespace);
    // Every function's invocations, errors, duration and throttles, the automations intake's too.
    for (const fn of [stack.ingest, stack.consumer, stack.oauth, stack.automationsIngest]) {
      expect(body.split(`{"Ref":"${logicalId(fn)}"}`).length - 1, logicalId(fn)).toBeGreaterThanOrEqual(4);
    }
    for (const alarm of [stack.monitoring.deadLettersVisible, stack.monitoring.failedRuns]) {
      expect(body).toContain(logicalId(alarm));
    }
  });

  it('outputs the dashboard URL, the alarm topic and every table name', () => {
    template.hasOutput('DashboardUrl', {
      Value: { 'Fn::Join': ['', Match.arrayWith([ref(logicalId(stack.monitoring.dashboard))])] },
    });
    template.hasOutput('AlarmTopicArn', { Value: topic() });
    for (const [output, table] of [
      ['ConnectionsTableName', ids.connections],
      ['RulesTableName', ids.rules],
      ['EventsTableName', ids.eventsTable],
      ['RunsTableName', ids.runs],
    ] as const) {
      template.hasOutput(output, { Value: ref(table) });
    }
  });
});

describe('reconciliation', () => {
  it('puts {"reconcileSweep": {}} on the events queue hourly, retrying nothing (the next tick covers the window)', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const props = schedules[0]?.Properties as {
      ScheduleExpression: string;
      State?: string;
      Target: {
        Arn: unknown;
        Input: string;
        RetryPolicy: { MaximumRetryAttempts: number };
        RoleArn: unknown;
      };
    };
    expect(props.ScheduleExpression).toBe('rate(1 hour)');
    expect(props.Target.Arn).toEqual(arn(ids.events));
    expect(JSON.parse(props.Target.Input)).toEqual({ reconcileSweep: {} });
    expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBe(0);
  });

  it("lets the schedule's role only send to the events queue", () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Principal: { Service: 'scheduler.amazonaws.com' } }],
        },
      },
    });
    const roleIds = Object.keys(roles);
    expect(roleIds).toHaveLength(1);
    const statements = statementsOfRole(template, roleIds[0] as string);
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(ids.events) }]);
  });

  it('has no schedule with reconcileInterval off, and refuses an interval under a minute', () => {
    const off = synthWixflow({ ...DEPLOYABLE_CONTEXT, reconcileInterval: 'off' });
    off.template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(() => synthWixflow({ ...DEPLOYABLE_CONTEXT, reconcileInterval: '30s' })).toThrow(
      'Context "reconcileInterval" must be "off" or a span of at least 1m (15m, 1h, 1d): 30s',
    );
  });
});

describe('permissions', () => {
  const xray = {
    Effect: 'Allow',
    Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    Resource: '*',
  };
  const logs = (fnId: string) => ({
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: arn(logGroupOf(fnId)),
  });

  it('lets ingest write its logs and traces and send to the events queue, nothing more', () => {
    expect(statementsOfRole(template, ids.ingestRole)).toEqual([
      logs(ids.ingest),
      xray,
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(ids.events) },
    ]);
  });

  it('lets the automation intake send to the events queue and read only token items of the events table', () => {
    const fn = logicalId(stack.automationsIngest);
    expect(
      statementsOfRole(template, logicalId(stack.automationsIngest.role ?? stack.automationsIngest)),
    ).toEqual([
      logs(fn),
      xray,
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(ids.events) },
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: arn(ids.eventsTable),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['automation-token#*'] } },
      },
    ]);
    expect(environmentOf(fn)).toMatchObject({
      EVENTS_QUEUE_URL: ref(ids.events),
      AUTOMATION_TOKENS_TABLE: ref(ids.eventsTable),
      WIXFLOW_STAGE: 'test',
    });
  });

  it('attaches no AWS managed policy to any function role', () => {
    for (const roleId of [ids.ingestRole, ids.consumerRole, ids.oauthRole]) {
      expect(propertiesOf(template, 'AWS::IAM::Role', roleId)).not.toHaveProperty('ManagedPolicyArns');
    }
  });

  it('lets the consumer receive from the events queue, send only to it (alerts, back-fill, reconciled events), and never touch the dead-letter queue', () => {
    const statements = statementsOfRole(template, ids.consumerRole);
    const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        Resource: arn(ids.events),
      },
    ]);
  });

  it('lets the consumer write connections, events and runs (with their indexes) but only read rules', () => {
    const dynamo = statementsOfRole(template, ids.consumerRole).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    const writes = (s: PolicyStatement) => actionsOf(s).some((a) => WRITE_ACTIONS.has(a));
    expect(dynamo.filter(writes).flatMap((s) => [s.Resource].flat())).toEqual([
      arn(ids.connections),
      arn(ids.eventsTable),
      arn(ids.runs),
      { 'Fn::Join': ['', [arn(ids.connections), '/index/*']] },
      { 'Fn::Join': ['', [arn(ids.runs), '/index/*']] },
    ]);
    expect(dynamo.filter((s) => !writes(s))).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: arn(ids.rules) }),
    ]);
  });

  const connectionSecrets = {
    Effect: 'Allow',
    Action: ['secretsmanager:CreateSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
    Resource: secretsUnder('connections'),
  };
  const readAppSecret = () => ({
    Effect: 'Allow',
    Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    Resource: ref(ids.appSecret),
  });

  it('lets the consumer read the app secret, create, read and update connection secrets, and only read rule secrets', () => {
    const statements = statementsOfRole(template, ids.consumerRole);
    const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([readAppSecret(), connectionSecrets, READ_RULE_SECRETS]);
  });

  it('lets no function but the consumer read rule secrets', () => {
    for (const roleId of [ids.ingestRole, ids.oauthRole]) {
      const text = JSON.stringify(statementsOfRole(template, roleId));
      expect(text).not.toContain('rule-secrets');
    }
  });

  it('lets the oauth function read connections, create or re-authorise one, and keep its refresh token, nothing more', () => {
    expect(statementsOfRole(template, ids.oauthRole)).toEqual([
      logs(ids.oauth),
      xray,
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        Resource: [arn(ids.connections), { 'Fn::Join': ['', [arn(ids.connections), '/index/*']] }],
      },
      readAppSecret(),
      connectionSecrets,
    ]);
  });

  it('allows no wildcard action ("*" or "service:*") to any role', () => {
    for (const statement of allStatements(template)) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/(^|:)\*$/);
    }
  });

  it('grants nothing on "*" except X-Ray, and no other wildcard than table indexes and the secrets folders', () => {
    for (const statement of allStatements(template)) {
      for (const resource of [statement.Resource].flat()) {
        const text = JSON.stringify(resource);
        if (!text.includes('*')) continue;
        if (resource === '*') {
          expect(actionsOf(statement).every((a) => a.startsWith('xray:'))).toBe(true);
        } else {
          expect(text).toMatch(
            /"\/index\/\*"\]\]\}$|:secret:wixflow\/Wixflow-test\/(connections|rule-secrets)\/\*"\]\]\}$/,
          );
        }
      }
    }
  });

  it('encrypts secrets and tables with AWS managed keys and creates no KMS key unless asked to', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(propertiesOf(template, 'AWS::SecretsManager::Secret', ids.appSecret)).not.toHaveProperty(
      'KmsKeyId',
    );
    for (const fn of [ids.consumer, ids.oauth]) {
      expect(environmentOf(fn)).not.toHaveProperty('WIXFLOW_SECRETS_KMS_KEY_ARN');
    }
  });

  it('puts no secret value in the template: the app secret is generated by CloudFormation and passed by ARN', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: Match.anyValue() }),
    });
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('"SecretString"');
    expect(text).not.toContain('{{resolve:secretsmanager');
    template.hasOutput('AppSecretArn', { Value: ref(ids.appSecret) });
  });
});

function environmentOf(functionId: string): Record<string, unknown> {
  type Env = { Environment: { Variables: Record<string, unknown> } };
  return propertiesOf<Env>(template, FUNCTION, functionId).Environment.Variables;
}

/** The dashboard's JSON body, with each CloudFormation reference written as its JSON. */
function dashboardBody(): string {
  type Body = { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  const id = logicalId(stack.monitoring.dashboard);
  const parts = propertiesOf<Body>(template, 'AWS::CloudWatch::Dashboard', id).DashboardBody['Fn::Join'][1];
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
}

function logGroupOf(functionId: string): string {
  type Logging = { LoggingConfig: { LogGroup: { Ref: string } } };
  return propertiesOf<Logging>(template, FUNCTION, functionId).LoggingConfig.LogGroup.Ref;
}
