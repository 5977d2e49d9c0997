import { describe, expect, it } from 'vitest';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';

/** A Wix client that answers the catalog-version question with `answers` in turn and records each request. */
function wixAnswering(...answers: string[]): { wix: WixApi; asked: WixRequest[] } {
  const asked: WixRequest[] = [];
  const wix: WixApi = {
    request: async <T>(request: WixRequest) => {
      asked.push(request);
      const catalogVersion = answers[Math.min(asked.length, answers.length) - 1];
      return { status: 200, headers: {}, body: { catalogVersion } as T };
    },
  };
  return { wix, asked };
}

const connection = (instanceId: string) => ({ id: 'shop', instanceId });

describe('CatalogVersions', () => {
  it('asks Wix once per site, also when several steps ask at the same moment', async () => {
    const { wix, asked } = wixAnswering('V3_CATALOG');
    const versions = new CatalogVersions();

    const answers = await Promise.all([
      versions.of({ wix, connection: connection('a') }),
      versions.of({ wix, connection: connection('a') }),
    ]);
    await versions.of({ wix, connection: connection('a') });

    expect(answers).toEqual(['V3_CATALOG', 'V3_CATALOG']);
    expect(asked).toEqual([{ method: 'GET', path: '/stores/v3/provision/version' }]);
  });

  it('keeps what each instance learnt to itself', async () => {
    const { wix, asked } = wixAnswering('V1_CATALOG');
    const consumer = new CatalogVersions();
    const dryRun = new CatalogVersions({ a: 'V3_CATALOG' });

    expect(await dryRun.of({ wix, connection: connection('a') })).toBe('V3_CATALOG');
    expect(await consumer.of({ wix, connection: connection('a') })).toBe('V1_CATALOG');
    expect(asked).toHaveLength(1);
  });
});
