import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '#shared/config.ts';

describe('the local stack’s sandbox catalog (WIXFLOW_SANDBOX_CATALOG)', () => {
  it('is Catalog V3 unless told otherwise, as new Wix stores are', () => {
    expect(loadLocalConfig({}).sandboxCatalog).toBe('V3_CATALOG');
    expect(loadLocalConfig({ WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' }).sandboxCatalog).toBe('V1_CATALOG');
  });

  it('refuses another value with one line naming the variable', () => {
    expect(() => loadLocalConfig({ WIXFLOW_SANDBOX_CATALOG: 'v2' })).toThrow(
      'local stack configuration is invalid: WIXFLOW_SANDBOX_CATALOG: must be V1_CATALOG or V3_CATALOG',
    );
  });
});
