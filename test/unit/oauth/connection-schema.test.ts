import { describe, expect, it } from 'vitest';
import { ConnectionSchema, connectionSecretId } from '#shared/store/connections.ts';

const base = {
  id: 'shop',
  instanceId: 'instance',
  status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('connection records', () => {
  it('keeps a refresh-token connection by where its token lives, and a recorded rejection', () => {
    const parsed = ConnectionSchema.parse({
      ...base,
      auth: {
        kind: 'refreshToken',
        secretId: 'connections/shop/refresh-token',
        refreshTokenRejectedAt: '2025-01-02T00:00:00.000Z',
      },
    });

    expect(parsed.auth).toEqual({
      kind: 'refreshToken',
      secretId: 'connections/shop/refresh-token',
      refreshTokenRejectedAt: '2025-01-02T00:00:00.000Z',
    });
  });

  it('drops the refresh lease bookkeeping stored on the item', () => {
    const parsed = ConnectionSchema.parse({
      ...base,
      auth: { kind: 'oauth' },
      refreshLeaseOwner: 'x',
      refreshLeaseUntil: 1,
    });

    expect(parsed).not.toHaveProperty('refreshLeaseOwner');
  });

  it.each([
    ['neither a site nor an account', {}],
    ['both a site and an account', { siteId: 's', accountId: 'a' }],
  ])('refuses an API key connection with %s', (_name, scope) => {
    const result = ConnectionSchema.safeParse({ ...base, auth: { kind: 'apiKey', secretId: 'k', ...scope } });

    expect(result.success).toBe(false);
  });

  it('names secrets under the deployment prefix', () => {
    expect(connectionSecretId('wixflow/Wixflow-prod/', 'shop', 'refresh-token')).toBe(
      'wixflow/Wixflow-prod/connections/shop/refresh-token',
    );
    expect(connectionSecretId('', 'shop', 'api-key')).toBe('connections/shop/api-key');
  });
});
