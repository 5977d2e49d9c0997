import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWixflowConfig } from '../../infra/app.ts';
import { WIX_APP_ID_PLACEHOLDER, WIX_APP_PUBLIC_KEY_PLACEHOLDER } from '../../infra/stack.ts';
import {
  DEPLOYABLE_CONTEXT,
  logicalId,
  propertiesOf,
  type Synthesized,
  statementsOfRole,
  synthWixflow,
  TEST_PUBLIC_KEY,
} from './synth.ts';

// Each variant is one synth without bundling (a few hundred ms); the bundled synth is in wixflow-stack.test.ts.
const COMPLETE_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared/wix-app-AbC123';
const PARTIAL_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shared/wix-app';

/** Resource properties that would pin a physical name and stop two stages sharing an account. */
const PHYSICAL_NAME_PROPERTIES = [
  'TableName',
  'QueueName',
  'FunctionName',
  'RoleName',
  'LogGroupName',
  'AlarmName',
  'ManagedPolicyName',
  'DashboardName',
  'TopicName',
];

function config(context: Record<string, unknown>) {
  return readWixflowConfig(new App({ context }));
}

function envOf(synthesized: Synthesized, fn: 'ingest' | 'consumer' | 'oauth'): Record<string, unknown> {
  type Env = { Environment: { Variables: Record<string, unknown> } };
  const id = logicalId(synthesized.stack[fn]);
  return propertiesOf<Env>(synthesized.template, 'AWS::Lambda::Function', id).Environment.Variables;
}

function rulesOf(template: Template): Record<string, unknown> {
  return (template.toJSON() as { Rules?: Record<string, unknown> }).Rules ?? {};
}

describe('stage', () => {
  let blue: Synthesized;
  let green: Synthesized;

  beforeAll(() => {
    blue = synthWixflow({ ...DEPLOYABLE_CONTEXT, stage: 'blue' });
    green = synthWixflow({ ...DEPLOYABLE_CONTEXT, stage: 'green' });
  });

  it('names the stack Wixflow-<stage>', () => {
    expect(blue.stack.stackName).toBe('Wixflow-blue');
    expect(green.stack.stackName).toBe('Wixflow-green');
  });

  it('defaults the stage to dev', () => {
    expect(config({}).stage).toBe('dev');
  });

  it('lets two stages share an account: no physical names, and per-stage secret prefixes', () => {
    for (const { template } of [blue, green]) {
      for (const resource of Object.values(
        template.toJSON().Resources as Record<string, { Properties?: object }>,
      )) {
        const properties = (resource.Properties ?? {}) as Record<string, unknown>;
        for (const property of PHYSICAL_NAME_PROPERTIES) {
          // A reference to another resource (e.g. an event source's FunctionName) is fine; a literal is not.
          expect(typeof properties[property], property).not.toBe('string');
        }
      }
    }
    expect(envOf(blue, 'consumer').WIXFLOW_SECRETS_PREFIX).toBe('wixflow/Wixflow-blue/');
    expect(envOf(green, 'consumer').WIXFLOW_SECRETS_PREFIX).toBe('wixflow/Wixflow-green/');
  });

  it("tells every function its stage, so each stage's metrics, dashboard and alarms stay apart", () => {
    for (const fn of ['ingest', 'consumer', 'oauth'] as const) {
      expect(envOf(blue, fn).WIXFLOW_STAGE).toBe('blue');
      expect(envOf(green, fn).WIXFLOW_STAGE).toBe('green');
    }
    blue.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ Dimensions: Match.arrayWith([{ Name: 'Stage', Value: 'blue' }]) }),
          }),
        }),
      ]),
    });
  });

  it('rejects a stage that cannot be part of a stack name', () => {
    expect(() => config({ stage: 'my stage' })).toThrow(/Context "stage"/);
  });
});

describe('Wix app id and public key', () => {
  let placeholders: Synthesized;

  beforeAll(() => {
    placeholders = synthWixflow({ stage: 'dev' });
  });

  it('synthesizes without them, using marked placeholders', () => {
    expect(envOf(placeholders, 'consumer').WIX_APP_ID).toBe(WIX_APP_ID_PLACEHOLDER);
    expect(envOf(placeholders, 'ingest').WIX_APP_PUBLIC_KEY).toBe(WIX_APP_PUBLIC_KEY_PLACEHOLDER);
  });

  it('warns at synth about each missing key', () => {
    const annotations = Annotations.fromStack(placeholders.stack);
    annotations.hasWarning('/Wixflow-dev', Match.stringLikeRegexp('Context "wixAppId" is not set'));
    annotations.hasWarning('/Wixflow-dev', Match.stringLikeRegexp('Context "wixAppPublicKey" is not set'));
  });

  it('makes CloudFormation refuse to deploy a placeholder', () => {
    const rules = rulesOf(placeholders.template);
    for (const key of ['wixAppId', 'wixAppPublicKey']) {
      expect(rules[`Require${key}`]).toEqual({
        Assertions: [
          {
            Assert: { 'Fn::Equals': [expect.stringContaining('PLACEHOLDER'), `configured ${key}`] },
            AssertDescription: expect.stringContaining(key),
          },
        ],
      });
    }
  });

  it('neither warns nor guards the deploy once both are set', () => {
    const deployable = synthWixflow(DEPLOYABLE_CONTEXT);

    Annotations.fromStack(deployable.stack).hasNoWarning('*', Match.anyValue());
    expect(Object.keys(rulesOf(deployable.template))).toEqual(['CheckBootstrapVersion']);
  });

  it('reads the public key from wixAppPublicKeyFile', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wixflow-infra-')), 'wix-public.pem');
    writeFileSync(file, TEST_PUBLIC_KEY);

    expect(config({ wixAppPublicKeyFile: file }).wixAppPublicKey).toBe(TEST_PUBLIC_KEY.trim());
  });

  it('accepts a public key passed on the command line with escaped newlines', () => {
    const escaped = TEST_PUBLIC_KEY.trim().replaceAll('\n', '\\n');

    expect(config({ wixAppPublicKey: escaped }).wixAppPublicKey).toBe(TEST_PUBLIC_KEY.trim());
  });

  it('rejects a public key that is neither PEM nor base64-encoded PEM, naming the context key', () => {
    expect(() => config({ wixAppPublicKey: 'not a key' })).toThrow(
      'Context "wixAppPublicKey" is neither a PEM public key nor base64-encoded PEM',
    );
  });

  it('rejects both the inline key and the key file at once', () => {
    expect(() => config({ wixAppPublicKey: TEST_PUBLIC_KEY, wixAppPublicKeyFile: 'x.pem' })).toThrow(
      /only one of/,
    );
  });
});

describe('maxReceives', () => {
  it('sets the redrive count and the backlog alarm from one context value', () => {
    const synthesized = synthWixflow({ ...DEPLOYABLE_CONTEXT, maxReceives: '3' });

    synthesized.template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 3 } });
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 3 * 360,
    });
  });

  it.each(['0', 'five', '2.5', '1001'])('rejects %s', (value) => {
    expect(() => config({ maxReceives: value })).toThrow(/Context "maxReceives"/);
  });
});

describe('wixAppSecretArn', () => {
  it('uses an existing secret instead of creating one, and grants reading exactly it', () => {
    const synthesized = synthWixflow({ ...DEPLOYABLE_CONTEXT, wixAppSecretArn: COMPLETE_SECRET_ARN });
    const consumerRole = logicalId(synthesized.stack.consumer.role ?? synthesized.stack.consumer);

    synthesized.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(envOf(synthesized, 'consumer').WIX_APP_SECRET_ARN).toBe(COMPLETE_SECRET_ARN);
    expect(statementsOfRole(synthesized.template, consumerRole)).toContainEqual({
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: COMPLETE_SECRET_ARN,
    });
    synthesized.template.hasOutput('AppSecretArn', { Value: COMPLETE_SECRET_ARN });
  });

  it('grants a partial ARN (no random suffix) on its name plus the six-character suffix', () => {
    const synthesized = synthWixflow({ ...DEPLOYABLE_CONTEXT, wixAppSecretArn: PARTIAL_SECRET_ARN });
    const consumerRole = logicalId(synthesized.stack.consumer.role ?? synthesized.stack.consumer);

    expect(statementsOfRole(synthesized.template, consumerRole)).toContainEqual(
      expect.objectContaining({ Resource: `${PARTIAL_SECRET_ARN}-??????` }),
    );
  });

  it('rejects something that is not a secret ARN', () => {
    const synth = () => synthWixflow({ ...DEPLOYABLE_CONTEXT, wixAppSecretArn: 'wixflow/app' });

    expect(synth).toThrow(/wixAppSecretArn is not a Secrets Manager secret ARN/);
  });
});

describe('wixApiBaseUrl', () => {
  it('defaults to https://www.wixapis.com', () => {
    expect(config({}).wixApiBaseUrl).toBe('https://www.wixapis.com');
  });

  it('accepts a custom base URL, e.g. a Wix sandbox', () => {
    expect(config({ wixApiBaseUrl: 'https://sandbox.example.com' }).wixApiBaseUrl).toBe(
      'https://sandbox.example.com',
    );
  });

  it('rejects a value that is not an http(s) URL', () => {
    expect(() => config({ wixApiBaseUrl: 'ftp://wix' })).toThrow(/Context "wixApiBaseUrl"/);
  });
});

describe('publicUrl and wixInstallerUrl', () => {
  it('points the install redirect URL at a custom domain', () => {
    const synthesized = synthWixflow({ ...DEPLOYABLE_CONTEXT, publicUrl: 'https://wixflow.example.com/' });

    expect(envOf(synthesized, 'oauth').WIXFLOW_PUBLIC_URL).toBe('https://wixflow.example.com');
    synthesized.template.hasOutput('RedirectUrl', { Value: 'https://wixflow.example.com/oauth/callback' });
  });

  it('defaults the installer to Wix and accepts a sandbox one', () => {
    expect(config({}).wixInstallerUrl).toBeUndefined();
    expect(config({ wixInstallerUrl: 'http://sandbox.example.com/installer/install' }).wixInstallerUrl).toBe(
      'http://sandbox.example.com/installer/install',
    );
  });

  it.each([
    ['publicUrl', 'http://wixflow.example.com'],
    ['publicUrl', 'https://wixflow.example.com/?x=1'],
    ['wixInstallerUrl', 'ftp://wix'],
  ])('rejects %s = %s, naming the key', (key, value) => {
    expect(() => config({ [key]: value })).toThrow(new RegExp(`Context "${key}"`));
  });
});

describe('operational settings', () => {
  let tuned: Synthesized;

  beforeAll(() => {
    tuned = synthWixflow({
      ...DEPLOYABLE_CONTEXT,
      eventRetentionDays: '7',
      logRetentionDays: '90',
      alarmEmail: 'ops@example.com',
      apiRateLimit: '20',
      apiBurstLimit: '40',
    });
  });

  it('keeps events and run records for eventRetentionDays (default 30)', () => {
    expect(config({}).eventRetentionDays).toBe(30);
    expect(envOf(tuned, 'consumer').WIXFLOW_EVENT_RETENTION_DAYS).toBe('7');
  });

  it.each(['2', 'a week', '7.5'])(
    'rejects eventRetentionDays = %s (under 3 days forgets Wix re-sends)',
    (value) => {
      expect(() => config({ eventRetentionDays: value })).toThrow(/Context "eventRetentionDays"/);
    },
  );

  it('keeps every log group, functions and API access logs alike, for logRetentionDays', () => {
    const groups = Object.values(tuned.template.findResources('AWS::Logs::LogGroup'));

    expect(groups).toHaveLength(4);
    for (const group of groups) expect(group.Properties).toMatchObject({ RetentionInDays: 90 });
  });

  it('rejects a log retention CloudWatch does not offer, naming the key', () => {
    expect(() => config({ logRetentionDays: '31' })).toThrow(
      /Context "logRetentionDays" must be one of 1, 3, 5/,
    );
  });

  it('subscribes alarmEmail to the alarm topic', () => {
    tuned.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalId(tuned.stack.monitoring.alarmTopic) },
    });
  });

  it('rejects an alarmEmail that is not an address', () => {
    expect(() => config({ alarmEmail: 'ops at example' })).toThrow(/Context "alarmEmail"/);
  });

  it('throttles the webhook API at apiRateLimit and apiBurstLimit', () => {
    tuned.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(() => config({ apiRateLimit: '0' })).toThrow(/Context "apiRateLimit"/);
  });
});

describe('customerManagedKey and kmsKeyArn', () => {
  it('defaults to AWS managed keys', () => {
    expect(config({})).toMatchObject({ customerManagedKey: false, kmsKeyArn: undefined });
  });

  it('rejects a customerManagedKey that is not true or false', () => {
    expect(() => config({ customerManagedKey: 'yes' })).toThrow(/Context "customerManagedKey"/);
  });

  it('refuses both at once, and a key ARN that is not one (an alias, say)', () => {
    const both = {
      ...DEPLOYABLE_CONTEXT,
      customerManagedKey: 'true',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:1:key/x',
    };

    expect(() => synthWixflow(both)).toThrow(/only one of kmsKeyArn and customerManagedKey/);
    expect(() =>
      synthWixflow({ ...DEPLOYABLE_CONTEXT, kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/wixflow' }),
    ).toThrow(/kmsKeyArn is not a KMS key ARN/);
  });
});
