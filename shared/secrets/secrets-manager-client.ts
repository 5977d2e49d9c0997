import {
  type CreateSecretCommandInput,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';

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
