import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { secretsManagerClient } from '#shared/secrets/secrets-manager-client.ts';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A client whose requests are captured instead of sent; Secrets Manager's answers are empty JSON. */
function capturingClient(kmsKeyArn: string | undefined) {
  const bodies: Record<string, unknown>[] = [];
  const client = secretsManagerClient(kmsKeyArn, {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        bodies.push(JSON.parse(String(request.body)) as Record<string, unknown>);
        return { response: { statusCode: 200, headers: {}, body: new Uint8Array(Buffer.from('{}')) } };
      },
    },
  });
  return { client, bodies };
}

describe('the functions’ Secrets Manager client', () => {
  it('creates secrets under the stack’s customer key when it has one', async () => {
    const { client, bodies } = capturingClient(KEY_ARN);

    await client.send(new CreateSecretCommand({ Name: 'wixflow/s/connections/a', SecretString: 'v' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'wixflow/s/connections/a', SecretString: 'w' }));

    expect(bodies[0]).toMatchObject({ Name: 'wixflow/s/connections/a', KmsKeyId: KEY_ARN });
    expect(bodies[1]).not.toHaveProperty('KmsKeyId');
  });

  it('leaves the key to Secrets Manager (aws/secretsmanager) without one', async () => {
    const { client, bodies } = capturingClient(undefined);

    await client.send(new CreateSecretCommand({ Name: 'wixflow/s/connections/a', SecretString: 'v' }));

    expect(bodies[0]).not.toHaveProperty('KmsKeyId');
  });
});
