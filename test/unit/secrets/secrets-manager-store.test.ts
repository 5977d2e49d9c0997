import {
  GetSecretValueCommand,
  InvalidRequestException,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerStore } from '#shared/secrets/secrets-manager-store.ts';

const sm = mockClient(SecretsManagerClient);
const PREFIX = 'wixflow/Wixflow-prod/rule-secrets/';

describe('SecretsManagerStore.list', () => {
  beforeEach(() => {
    sm.reset();
  });

  const store = () => new SecretsManagerStore(new SecretsManagerClient({ region: 'eu-west-1' }), 0);

  it('lists the names under the prefix across every page, sorted, asking Secrets Manager to filter by name', async () => {
    sm.on(ListSecretsCommand)
      .resolvesOnce({
        SecretList: [{ Name: `${PREFIX}zapierKey` }, { Name: `${PREFIX}slackHook` }],
        NextToken: 'page-2',
      })
      .resolvesOnce({ SecretList: [{ Name: `${PREFIX}mailgunKey` }] });

    const ids = await store().list(PREFIX);

    expect(ids).toEqual([`${PREFIX}mailgunKey`, `${PREFIX}slackHook`, `${PREFIX}zapierKey`]);
    const inputs = sm.commandCalls(ListSecretsCommand).map((call) => call.args[0].input);
    const filters = [{ Key: 'name', Values: [PREFIX] }];
    expect(inputs).toEqual([
      { Filters: filters, MaxResults: 100 },
      { Filters: filters, MaxResults: 100, NextToken: 'page-2' },
    ]);
  });

  it('leaves out a secret scheduled for deletion and any name that does not start with the prefix', async () => {
    sm.on(ListSecretsCommand).resolves({
      SecretList: [
        { Name: `${PREFIX}slackHook` },
        { Name: `${PREFIX}oldHook`, DeletedDate: new Date('2026-01-02T00:00:00Z') },
        { Name: 'wixflow/Wixflow-prod/connections/shop/api-key' },
        { Name: 'other/wixflow/Wixflow-prod/rule-secrets/elsewhere' },
      ],
    });

    const ids = await store().list(PREFIX);

    expect(ids).toEqual([`${PREFIX}slackHook`]);
  });

  it('answers an empty list when there is no secret under the prefix', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [] });

    expect(await store().list(PREFIX)).toEqual([]);
  });
});

describe('SecretsManagerStore.get', () => {
  beforeEach(() => {
    sm.reset();
  });

  it('reads a secret scheduled for deletion as absent, and still throws any other refusal', async () => {
    const store = new SecretsManagerStore(new SecretsManagerClient({ region: 'eu-west-1' }), 0);
    sm.on(GetSecretValueCommand, { SecretId: `${PREFIX}oldHook` }).rejects(
      new InvalidRequestException({
        message: "You can't perform this operation on the secret because it was marked for deletion.",
        $metadata: {},
      }),
    );
    sm.on(GetSecretValueCommand, { SecretId: `${PREFIX}lockedHook` }).rejects(
      new InvalidRequestException({ message: 'The secret is not ready.', $metadata: {} }),
    );

    expect(await store.get(`${PREFIX}oldHook`)).toBeUndefined();
    await expect(store.get(`${PREFIX}lockedHook`)).rejects.toThrow('not ready');
  });
});
