import {
  type CreateSecretCommandInput,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';

type Env = Record<string, string | undefined>;

/** WIXFLOW_SECRETS_KMS_KEY_ARN: the stack's customer managed key, set only when the stack has one. */
export function secretsKmsKeyArn(env: Env = process.env): string | undefined {
  const arn = env.WIXFLOW_SECRETS_KMS_KEY_ARN?.trim();
  if (!arn) return undefined;
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(arn)) {
    throw new Error(
      `secrets configuration is invalid: WIXFLOW_SECRETS_KMS_KEY_ARN: not a KMS key ARN (${arn})`,
    );
  }
  return arn;
}

/**
 * The functions' Secrets Manager client. With `kmsKeyArn`, every secret it creates (a connection's refresh
 * token) is encrypted with that key instead of aws/secretsmanager; reads and updates need no key id.
 */
export function secretsManagerClient(
  kmsKeyArn: string | undefined,
  config: SecretsManagerClientConfig = {},
): SecretsManagerClient {
  const client = new SecretsManagerClient(config);
  if (kmsKeyArn === undefined) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'CreateSecretCommand') {
        const input = args.input as CreateSecretCommandInput;
        input.KmsKeyId ??= kmsKeyArn;
      }
      return next(args);
    },
    { step: 'initialize', name: 'wixflowSecretsKmsKey' },
  );
  return client;
}
