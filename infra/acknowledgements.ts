import { Validations } from 'aws-cdk-lib';
import type { CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { DYNAMODB_KEY_ACTIONS, type WixflowFunction } from './constructs/lambda-defaults.ts';
import type { WixflowStack } from './stack.ts';

/**
 * Acknowledges, on `fn`'s role policy, the cdk-nag wildcard findings its grants cause (the secrets
 * prefixes, table indexes, and with a customer key the DynamoDB key action families), each with its reason.
 * Throws when the role has no default policy yet (call it after the grants).
 */
export function acknowledgeRoleWildcards(
  stack: WixflowStack,
  fn: WixflowFunction,
  tablesWithIndexes: readonly Table[],
  { ruleSecrets = false }: { ruleSecrets?: boolean } = {},
): void {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`the ${fn.node.id} role has no default policy to acknowledge findings on`);
  // cdk-nag names a finding after the resource as it appears in the template, tokens as <LogicalId.Attr>.
  const secretsPattern = (namePrefix: string) =>
    `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${namePrefix}*`;
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${secretsPattern(stack.secrets.connectionsPrefix)}]`,
    reason:
      'Per-connection secrets are created at run time, one per connected Wix site, so their names ' +
      "are unknown at deploy time; the grant is confined to this stack's connections/ name prefix.",
  });
  if (ruleSecrets) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${secretsPattern(stack.secrets.ruleSecretsPrefix)}]`,
      reason:
        'Rule secrets are named by the operator with `wixflow secrets set` after deployment, so their names ' +
        "are unknown at deploy time; the grant is read-only and confined to this stack's rule-secrets/ prefix.",
    });
  }
  if (stack.encryptionKey) {
    for (const action of DYNAMODB_KEY_ACTIONS.filter((a) => a.endsWith('*'))) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'DynamoDB tables under a customer managed key need the key action families DynamoDB itself calls ' +
          "(GenerateDataKey and its variants, ReEncrypt on key rotation), as CDK's table grants give them; " +
          "the statement names only this stack's key.",
      });
    }
  }
  for (const table of tablesWithIndexes) {
    const logicalId = stack.getLogicalId(table.node.defaultChild as CfnTable);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      reason:
        `Queries on the ${table.node.id} table's own global secondary indexes; ` +
        'the wildcard cannot reach another table.',
    });
  }
}
