import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { WixflowSecrets } from '../../infra/constructs/secrets.ts';
import { logicalId, READ_RULE_SECRETS, statementsOfRole, testApp } from './synth.ts';

// The grant on its own, on a bare stack: in the wixflow stack its KMS statement merges with the connections' one.
function granted(withKey: boolean) {
  const stack = new Stack(testApp(), 'Wixflow-test');
  const key = withKey ? new Key(stack, 'Key') : undefined;
  const secrets = new WixflowSecrets(stack, 'Secrets', { encryptionKey: key });
  const role = new Role(stack, 'Reader', { assumedBy: new AccountRootPrincipal() });
  secrets.grantRuleSecretsRead(role);
  const template = Template.fromStack(stack);
  return { statements: statementsOfRole(template, logicalId(role)), keyId: key && logicalId(key) };
}

describe('WixflowSecrets.grantRuleSecretsRead', () => {
  it('allows reading the values under rule-secrets/ and nothing else', () => {
    expect(granted(false).statements).toEqual([READ_RULE_SECRETS]);
  });

  it('with a customer key, adds decrypting with it only through Secrets Manager', () => {
    const { statements, keyId } = granted(true);

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      },
      READ_RULE_SECRETS,
    ]);
  });
});
