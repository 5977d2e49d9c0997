import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  allStatements,
  DEPLOYABLE_CONTEXT,
  logicalId,
  propertiesOf,
  type Synthesized,
  statementsOfRole,
  synthWixflow,
} from './synth.ts';

// Two synths without bundling: a key the stack creates, and a key the user already has.
const IMPORTED_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let created: Synthesized;
let imported: Synthesized;

beforeAll(() => {
  created = synthWixflow({ ...DEPLOYABLE_CONTEXT, customerManagedKey: 'true' });
  imported = synthWixflow({ ...DEPLOYABLE_CONTEXT, kmsKeyArn: IMPORTED_KEY_ARN });
});

const keyArnOf = (s: Synthesized) =>
  s === imported ? IMPORTED_KEY_ARN : { 'Fn::GetAtt': [logicalId(s.stack.encryptionKey ?? s.stack), 'Arn'] };
const roleOf = (s: Synthesized, fn: 'ingest' | 'consumer' | 'oauth') =>
  logicalId(s.stack[fn].role ?? s.stack[fn]);
const envOf = (s: Synthesized, fn: 'ingest' | 'consumer' | 'oauth') => {
  type Env = { Environment: { Variables: Record<string, unknown> } };
  return propertiesOf<Env>(s.template, 'AWS::Lambda::Function', logicalId(s.stack[fn])).Environment.Variables;
};
const kmsStatements = (template: Template, roleId: string) =>
  statementsOfRole(template, roleId).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));

describe('customerManagedKey=true', () => {
  it('creates one key with yearly rotation, retained with the tables it protects', () => {
    const keys = created.template.findResources('AWS::KMS::Key');

    expect(Object.values(keys)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ EnableKeyRotation: true }),
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      }),
    ]);
  });

  it('outputs the key ARN', () => {
    created.template.hasOutput('KmsKeyArn', { Value: keyArnOf(created) });
  });
});

describe.each([
  ['a key the stack creates', () => created],
  ['an existing key (kmsKeyArn)', () => imported],
])('with %s', (_name, synthesized) => {
  it('encrypts all four tables with it, still on demand with point-in-time recovery and retained', () => {
    const s = synthesized();
    const tables = Object.values(s.template.findResources('AWS::DynamoDB::Table'));

    expect(tables).toHaveLength(4);
    for (const table of tables) {
      expect(table).toMatchObject({ DeletionPolicy: 'Retain' });
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArnOf(s) },
      });
    }
  });

  it('encrypts both queues with it instead of SQS-managed keys, reusing data keys for 5 minutes', () => {
    const s = synthesized();
    for (const queue of [s.stack.queues.events, s.stack.queues.deadLetters]) {
      const properties = propertiesOf(s.template, 'AWS::SQS::Queue', logicalId(queue));
      expect(properties).toMatchObject({ KmsMasterKeyId: keyArnOf(s), KmsDataKeyReusePeriodSeconds: 300 });
      expect(properties).not.toHaveProperty('SqsManagedSseEnabled');
    }
  });

  it('encrypts the app secret with it and tells the functions that create secrets to use it', () => {
    const s = synthesized();

    expect(
      propertiesOf(s.template, 'AWS::SecretsManager::Secret', logicalId(s.stack.secrets.appSecret)),
    ).toMatchObject({
      KmsKeyId: keyArnOf(s),
    });
    expect(envOf(s, 'consumer').WIXFLOW_SECRETS_KMS_KEY_ARN).toEqual(keyArnOf(s));
    expect(envOf(s, 'oauth').WIXFLOW_SECRETS_KMS_KEY_ARN).toEqual(keyArnOf(s));
    expect(envOf(s, 'ingest')).not.toHaveProperty('WIXFLOW_SECRETS_KMS_KEY_ARN');
  });

  it('lets ingest only make data keys for the messages it sends', () => {
    const s = synthesized();

    expect(kmsStatements(s.template, roleOf(s, 'ingest'))).toEqual([
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArnOf(s) },
    ]);
  });

  it('lets the functions use the key for connection secrets only through Secrets Manager', () => {
    const s = synthesized();
    for (const fn of ['consumer', 'oauth'] as const) {
      expect(kmsStatements(s.template, roleOf(s, fn))).toContainEqual({
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArnOf(s),
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      });
    }
  });

  it('grants key actions on this key alone, never on "*"', () => {
    const s = synthesized();
    const onKeys = allStatements(s.template).filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')));

    expect(onKeys.length).toBeGreaterThan(0);
    for (const statement of onKeys) expect(statement.Resource).toEqual(keyArnOf(s));
  });
});
