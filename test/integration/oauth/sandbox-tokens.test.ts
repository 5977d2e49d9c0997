import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';

/** The sandbox's side of the install flow and of legacy tokens (docs/wix-behaviour.md#install-flow). */
describe('Wix sandbox: installer and legacy token semantics', () => {
  let sandbox: WixSandbox;

  beforeEach(async () => {
    sandbox = await startWixSandbox();
  });
  afterEach(() => sandbox.stop());

  const installer = (params: Record<string, string>) =>
    fetch(`${sandbox.url}/installer/install?${new URLSearchParams(params)}`, { redirect: 'manual' });
  const access = (body: Record<string, string>) =>
    fetch(`${sandbox.url}/oauth/access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.appId, client_secret: sandbox.appSecret, ...body }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
  const version = (token: string) =>
    fetch(`${sandbox.url}/stores/v3/provision/version`, { headers: { authorization: token } }).then(
      (r) => r.status,
    );

  it('redirects the consent screen to redirectUrl with a code, the state echoed and the instance of the token', async () => {
    // Prepare
    const { token, instanceId } = sandbox.startInstall();

    // Act
    const response = await installer({
      token,
      appId: sandbox.appId,
      redirectUrl: 'http://localhost:3000/oauth/callback?keep=1',
      state: 'opaque-state',
    });

    // Assess
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location') ?? '');
    expect(`${target.origin}${target.pathname}`).toBe('http://localhost:3000/oauth/callback');
    expect(target.searchParams.get('keep')).toBe('1');
    expect(target.searchParams.get('state')).toBe('opaque-state');
    expect(target.searchParams.get('instanceId')).toBe(instanceId);
    const exchanged = await access({
      grant_type: 'authorization_code',
      code: target.searchParams.get('code') ?? '',
    });
    expect(exchanged.status).toBe(200);
  });

  it('installs on a new site when the install did not start from Wix (no token)', async () => {
    // Act
    const response = await installer({ appId: sandbox.appId, redirectUrl: 'https://example.com/cb' });

    // Assess
    const instanceId = new URL(response.headers.get('location') ?? '').searchParams.get('instanceId');
    expect(response.status).toBe(302);
    expect(instanceId).toBeTruthy();
    expect(instanceId).not.toBe(sandbox.instanceId);
  });

  it.each([
    ['another app id', { appId: 'someone-else', redirectUrl: 'https://example.com/cb' }],
    ['no redirect URL', {}],
    ['a redirect URL that is not http(s)', { redirectUrl: 'javascript:alert(1)' }],
    ['an unknown install token', { token: 'made-up', redirectUrl: 'https://example.com/cb' }],
  ])('refuses %s with 400 and issues no code', async (_name, params) => {
    // Act
    const response = await installer({ appId: sandbox.appId, ...params });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('rotates refresh tokens when asked: the new one works, the old one is refused', async () => {
    // Prepare
    const { body: first } = await access({
      grant_type: 'authorization_code',
      code: sandbox.createAuthCode(sandbox.instanceId),
    });
    sandbox.setRefreshTokenRotation(true);

    // Act
    const rotated = await access({ grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    const old = await access({ grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    const next = await access({
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token ?? '',
    });

    // Assess
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect(old).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(next.status).toBe(200);
  });

  it('revokes refresh tokens and expires access tokens of one instance on demand', async () => {
    // Prepare
    const other = sandbox.addSite();
    const mine = await access({
      grant_type: 'authorization_code',
      code: sandbox.createAuthCode(sandbox.instanceId),
    });
    const theirs = await access({
      grant_type: 'authorization_code',
      code: sandbox.createAuthCode(other.instanceId),
    });

    // Act
    const revoked = sandbox.revokeRefreshTokens(sandbox.instanceId);
    const expired = sandbox.expireAccessTokens(sandbox.instanceId);

    // Assess
    expect([revoked, expired]).toEqual([1, 1]);
    expect(await version(mine.body.access_token ?? '')).toBe(401);
    expect(await version(theirs.body.access_token ?? '')).toBe(200);
    expect(
      (await access({ grant_type: 'refresh_token', refresh_token: mine.body.refresh_token ?? '' })).status,
    ).toBe(400);
  });
});
