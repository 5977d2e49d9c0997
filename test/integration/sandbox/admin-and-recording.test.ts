import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RecordedRequest, startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { call, tokenFor } from './helpers.ts';

describe('Wix sandbox request recording and admin routes', () => {
  let sandbox: WixSandbox;
  const seen: RecordedRequest[] = [];

  beforeEach(async () => {
    seen.length = 0;
    sandbox = await startWixSandbox({ catalog: 'V1_CATALOG', onRequest: (r) => seen.push(r) });
  });
  afterEach(() => sandbox.stop());

  it('records every API call with its instance, body and answer, but not admin calls', async () => {
    // Prepare
    const auth = await tokenFor(sandbox);

    // Act
    await call(sandbox, 'POST', '/stores/v1/collections/query?x=1', { auth, body: { query: {} } });
    await call(sandbox, 'GET', '/_sandbox/health');
    const listed = await call(sandbox, 'GET', '/_sandbox/requests');

    // Assess
    expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /oauth2/token 200',
      'POST /stores/v1/collections/query 200',
    ]);
    expect(sandbox.requests[1]).toMatchObject({
      query: { x: '1' },
      body: { query: {} },
      instanceId: sandbox.instanceId,
      headers: { authorization: auth },
    });
    expect(seen).toHaveLength(2);
    expect(listed.body).toHaveLength(2);
  });

  it('clears the recorded requests with DELETE /_sandbox/requests', async () => {
    // Prepare
    await tokenFor(sandbox);

    // Act
    const cleared = await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });

    // Assess
    expect(cleared.status).toBe(204);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('reports health', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/_sandbox/health');

    // Assess
    expect(result).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
