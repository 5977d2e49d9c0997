import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RULE_SECRETS_FOLDER } from '#shared/secrets/rule-secrets.ts';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
// Secrets Manager appends "-" and six random characters to every secret's name in its ARN.
const COMPLETE_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

export interface WixflowSecretsProps {
  /** ARN of an existing secret holding the Wix app secret; without it the stack creates one. */
  readonly appSecretArn?: string;
  /**
   * The stack's customer managed key: the created app secret and every per-connection secret the functions
   * create are encrypted with it. @default the AWS managed key aws/secretsmanager
   */
  readonly encryptionKey?: IKey;
}

/** The Wix app secret and the name prefix under which per-connection credentials live. */
export class WixflowSecrets extends Construct {
  readonly appSecret: ISecret;
  /** True when this stack created the app secret (its value is a placeholder the user replaces). */
  readonly appSecretCreatedHere: boolean;
  /** `wixflow/<stackName>/`: every secret wixflow creates at run time is named under it. */
  readonly prefix: string;
  /** `wixflow/<stackName>/connections/`: OAuth tokens and API keys, one secret per connection. */
  readonly connectionsPrefix: string;
  /** `wixflow/<stackName>/rule-secrets/`: the values rules use as `{{ secrets.NAME }}`, set by the CLI. */
  readonly ruleSecretsPrefix: string;
  readonly encryptionKey: IKey | undefined;

  constructor(scope: Construct, id: string, props: WixflowSecretsProps = {}) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    this.prefix = `wixflow/${stackName}/`;
    this.connectionsPrefix = `${this.prefix}connections/`;
    this.ruleSecretsPrefix = `${this.prefix}${RULE_SECRETS_FOLDER}`;
    this.encryptionKey = props.encryptionKey;

    if (props.appSecretArn !== undefined) {
      this.appSecret = importAppSecret(this, props.appSecretArn);
      this.appSecretCreatedHere = false;
    } else {
      const created = new Secret(this, 'AppSecret', {
        description:
          `wixflow ${stackName}: Wix app secret. The generated value is a placeholder; ` +
          'store the real one with aws secretsmanager put-secret-value.',
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
        encryptionKey: props.encryptionKey,
      });
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The Wix app secret is issued by the Wix Dev Center and can only be rotated there, ' +
          'by hand; there is no API a rotation Lambda could call.',
      });
      this.appSecret = created;
      this.appSecretCreatedHere = true;
    }
  }

  /**
   * Lets `grantee` create, read and put new values of secrets under the connections prefix (and use the
   * customer key for them, through Secrets Manager only), and nothing else: no function deletes a
   * connection's secret (the CLI does, with the operator's credentials).
   */
  grantConnectionSecrets(grantee: IGrantable): Grant {
    if (this.encryptionKey) {
      // Creating, reading and updating a secret under the customer key; only through Secrets Manager.
      Grant.addToPrincipal({
        grantee,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resourceArns: [this.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      });
    }
    return Grant.addToPrincipal({
      grantee,
      actions: [
        'secretsmanager:CreateSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
      ],
      // The prefix ends in "/", so the wildcard cannot reach another stack's (or stage's) secrets;
      // it also covers the "-XXXXXX" suffix Secrets Manager adds to each name.
      resourceArns: [this.connectionSecretsArnPattern()],
    });
  }

  /** The ARN pattern matching every per-connection secret of this stack. */
  connectionSecretsArnPattern(): string {
    return this.secretsArnPattern(this.connectionsPrefix);
  }

  /**
   * Lets `grantee` read the rule secrets (and decrypt them with the customer key, through Secrets Manager
   * only), and nothing else: the CLI creates, updates and deletes them with the operator's credentials.
   */
  grantRuleSecretsRead(grantee: IGrantable): Grant {
    if (this.encryptionKey) {
      Grant.addToPrincipal({
        grantee,
        actions: ['kms:Decrypt'],
        resourceArns: [this.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      });
    }
    return Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue'],
      // As for connections: the trailing "/" keeps the wildcard inside this stack's rule-secrets folder.
      resourceArns: [this.ruleSecretsArnPattern()],
    });
  }

  /** The ARN pattern matching every rule secret of this stack. */
  ruleSecretsArnPattern(): string {
    return this.secretsArnPattern(this.ruleSecretsPrefix);
  }

  private secretsArnPattern(namePrefix: string): string {
    return Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${namePrefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

function importAppSecret(scope: Construct, arn: string): ISecret {
  if (!SECRET_ARN.test(arn)) {
    throw new Error(`wixAppSecretArn is not a Secrets Manager secret ARN: ${arn}`);
  }
  // A partial ARN (no random suffix) is granted as "<arn>-??????" by CDK.
  return COMPLETE_ARN_SUFFIX.test(arn)
    ? Secret.fromSecretCompleteArn(scope, 'AppSecret', arn)
    : Secret.fromSecretPartialArn(scope, 'AppSecret', arn);
}
