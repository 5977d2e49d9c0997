import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;

export interface EncryptionKeyOptions {
  /** An existing customer managed key (its full key ARN, not an alias). */
  readonly kmsKeyArn?: string;
  /** Create a customer managed key in the stack. */
  readonly customerManagedKey?: boolean;
}

/**
 * The customer managed key that encrypts the tables, queues and secrets, when one is asked for: the key
 * `kmsKeyArn` names, or a new one (yearly rotation, retained with the tables it protects). Undefined means
 * AWS managed keys (aws/dynamodb, aws/secretsmanager) and SQS-managed encryption.
 */
export function encryptionKey(scope: Construct, options: EncryptionKeyOptions): IKey | undefined {
  if (options.kmsKeyArn !== undefined && options.customerManagedKey) {
    throw new Error('Set only one of kmsKeyArn and customerManagedKey');
  }
  if (options.kmsKeyArn !== undefined) {
    if (!KEY_ARN.test(options.kmsKeyArn)) {
      throw new Error(
        `kmsKeyArn is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>): ${options.kmsKeyArn}`,
      );
    }
    return Key.fromKeyArn(scope, 'DataKey', options.kmsKeyArn);
  }
  if (!options.customerManagedKey) return undefined;
  return new Key(scope, 'DataKey', {
    description: `wixflow ${Stack.of(scope).stackName}: encrypts its tables, queues and secrets`,
    enableKeyRotation: true,
    // The retained tables stay readable only while their key exists.
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
}
