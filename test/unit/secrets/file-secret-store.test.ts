import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import { tempDir } from '../../support/temp.ts';

const storeInTempDir = () => new FileSecretStore(join(tempDir('wixflow-secrets-'), 'secrets.json'));

describe('FileSecretStore.list', () => {
  it('lists the ids that start with the prefix, sorted, and never a value', async () => {
    const store = storeInTempDir();
    await store.put('rule-secrets/zapierKey', 'z-value');
    await store.put('connections/shop/api-key', 'k-value');
    await store.put('rule-secrets/slackHook', 's-value');

    const ids = await store.list('rule-secrets/');

    expect(ids).toEqual(['rule-secrets/slackHook', 'rule-secrets/zapierKey']);
  });

  it('no longer lists a deleted secret', async () => {
    const store = storeInTempDir();
    await store.put('rule-secrets/slackHook', 's-value');

    await store.delete('rule-secrets/slackHook');

    expect(await store.list('rule-secrets/')).toEqual([]);
  });

  it('answers an empty list before the store file exists', async () => {
    expect(await storeInTempDir().list('rule-secrets/')).toEqual([]);
  });
});
