import { afterEach, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { call, tokenFor } from './helpers.ts';

const VERSION = '/stores/v3/provision/version';

describe('Wix sandbox rate limit and fault injection', () => {
  let sandbox: WixSandbox;
  afterEach(() => sandbox.stop());

  it('answers 429 RESOURCE_EXHAUSTED once an instance exceeds its per-minute budget', async () => {
    // Prepare
    sandbox = await startWixSandbox({ rateLimitPerMinute: 3 });
    const auth = await tokenFor(sandbox);

    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sandbox, 'GET', VERSION, { auth })).status);
    const over = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(over.body).toMatchObject({ details: { applicationError: { code: 'RESOURCE_EXHAUSTED' } } });
  });

  it('keeps a separate budget per instance and frees it once the minute has passed', async () => {
    // Prepare
    let nowMs = Date.parse('2025-01-01T00:00:00Z');
    sandbox = await startWixSandbox({ now: () => nowMs });
    sandbox.setRateLimit(1);
    const other = sandbox.addSite();
    const auth = await tokenFor(sandbox);
    const otherAuth = await tokenFor(sandbox, other.instanceId);

    // Act
    const first = await call(sandbox, 'GET', VERSION, { auth });
    const second = await call(sandbox, 'GET', VERSION, { auth });
    const otherInstance = await call(sandbox, 'GET', VERSION, { auth: otherAuth });
    nowMs += 60_001;
    const nextMinute = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect([first.status, second.status, otherInstance.status, nextMinute.status]).toEqual([
      200, 429, 200, 200,
    ]);
  });

  it('does not count token requests against the instance budget', async () => {
    // Prepare
    sandbox = await startWixSandbox({ rateLimitPerMinute: 1 });

    // Act
    const auth = await tokenFor(sandbox);
    await tokenFor(sandbox);
    const apiCall = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(apiCall.status).toBe(200);
  });

  it('answers 500 with the empty Wix system error body at errorRate 1', async () => {
    // Prepare
    sandbox = await startWixSandbox();
    const auth = await tokenFor(sandbox);
    sandbox.setFaults({ errorRate: 1 });

    // Act
    const result = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(result).toEqual({ status: 500, body: { message: '', details: {} } });
  });

  it('injects 429s at the configured share, driven by the random source', async () => {
    // Prepare
    const draws = [0.9, 0.1];
    sandbox = await startWixSandbox({ random: () => draws.shift() ?? 0.9 });
    const auth = await tokenFor(sandbox);
    sandbox.setFaults({ rateLimitRate: 0.5 });

    // Act
    const first = await call(sandbox, 'GET', VERSION, { auth });
    const second = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ details: { applicationError: { code: 'RESOURCE_EXHAUSTED' } } });
  });

  it('sets faults through POST /_sandbox/faults and rejects an invalid fault body', async () => {
    // Prepare
    sandbox = await startWixSandbox();
    const auth = await tokenFor(sandbox);

    // Act
    const set = await call(sandbox, 'POST', '/_sandbox/faults', { body: { errorRate: 1 } });
    const faulted = await call(sandbox, 'GET', VERSION, { auth });
    const invalid = await call(sandbox, 'POST', '/_sandbox/faults', { body: { errorRate: 2 } });
    await call(sandbox, 'POST', '/_sandbox/faults', { body: {} });
    const healed = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(set).toEqual({ status: 200, body: { errorRate: 1 } });
    expect(faulted.status).toBe(500);
    expect(invalid.status).toBe(400);
    expect(healed.status).toBe(200);
  });

  it('still answers correctly with added latency', async () => {
    // Prepare
    sandbox = await startWixSandbox({ faults: { latencyMs: 5 } });
    const auth = await tokenFor(sandbox);

    // Act
    const result = await call(sandbox, 'GET', VERSION, { auth });

    // Assess
    expect(result.status).toBe(200);
  });
});
