import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import { routesOf, runModule, siteOn, wixError } from './harness.ts';

describe('Wix errors reach the step typed, with Wix’s message and code and whether a retry can help', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    sandbox.setFaults({});
    await sandbox.stop();
  });

  it('400 validation error: not retryable, Wix’s message kept', async () => {
    const site = siteOn(sandbox);

    // The sandbox's validation: a contact with only an extended field has no name, email or phone.
    const error = await wixError(site.run('contacts.create', { info: { extendedFields: { items: {} } } }));

    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(error.message).toContain('A contact needs at least a name, an email or a phone');
  });

  it('401 bad credentials: not retryable', async () => {
    const site = siteOn(sandbox);
    const wix = new WixHttpClient({
      baseUrl: sandbox.url,
      auth: new ApiKeyAuth(async () => 'wrong', { siteId: site.siteId }),
    });

    const error = await wixError(runModule('orders.get', { orderId: 'x' }, { ...site.ctx, wix }));

    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', retryable: false });
  });

  it('404 unknown entity: not retryable, code NOT_FOUND', async () => {
    const site = siteOn(sandbox);

    expect(await wixError(site.run('carts.get', { cartId: 'nope' }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      retryable: false,
    });
  });

  it('428 after a site moved to Catalog V3: the cached version is dropped and the call made on V3', async () => {
    const site = siteOn(sandbox, 'V3_CATALOG');
    // A stale cache says V1: the V1 call answers 428, the module asks again and uses V3.
    const staleV1 = {
      request: (async (request) => {
        if (request.path === '/stores/v3/provision/version' && !asked) {
          asked = true;
          return { status: 200, headers: {}, body: { catalogVersion: 'V1_CATALOG' } };
        }
        return site.ctx.wix.request(request);
      }) as typeof site.ctx.wix.request,
    };
    let asked = false;

    const out = (await runModule('collections.search', { limit: 5 }, { ...site.ctx, wix: staleV1 })) as {
      items: unknown[];
    };

    expect(routesOf(site.calls())).toEqual([
      'POST /stores/v1/collections/query',
      'GET /stores/v3/provision/version',
      'POST /categories/v1/categories/query',
    ]);
    expect(site.calls()[0]).toMatchObject({ status: 428 });
    expect(out.items.length).toBeGreaterThan(0);
  });

  it('429 (rate limit or forced): retryable', async () => {
    const site = siteOn(sandbox);
    sandbox.setFaults({ rateLimitRate: 1 });
    try {
      expect(await wixError(site.run('orders.search', {}))).toMatchObject({
        status: 429,
        code: 'RESOURCE_EXHAUSTED',
        retryable: true,
      });
    } finally {
      sandbox.setFaults({});
    }
  });

  it('a 429 retried in-process waits for a rate-limit slot on every attempt', async () => {
    const site = siteOn(sandbox);
    let slots = 0;
    const wix = new WixHttpClient({
      baseUrl: sandbox.url,
      auth: new ApiKeyAuth(async () => sandbox.apiKey, { siteId: site.siteId }),
      beforeSend: async () => {
        slots += 1;
      },
    });
    sandbox.setFaults({ rateLimitRate: 1 });
    try {
      const error = await wixError(runModule('orders.get', { orderId: 'x' }, { ...site.ctx, wix }));

      // The first attempt and both in-process retries each took a slot and reached the sandbox.
      expect(error).toMatchObject({ status: 429 });
      expect(slots).toBe(3);
      expect(site.calls().map((call) => call.status)).toEqual([429, 429, 429]);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('the 200-requests-per-minute budget answers 429 once spent', async () => {
    const site = siteOn(sandbox);
    sandbox.setRateLimit(3);
    try {
      for (let i = 0; i < 3; i++)
        await site.run('carts.get', { cartId: 'b7b79cdb-5ff5-4ce8-8b64-0e28b1ea7a95' });
      const error = await wixError(site.run('carts.get', { cartId: 'b7b79cdb-5ff5-4ce8-8b64-0e28b1ea7a95' }));
      expect(error).toMatchObject({ status: 429, retryable: true });
    } finally {
      sandbox.setRateLimit(200);
    }
  });

  it('5xx: retryable', async () => {
    const site = siteOn(sandbox);
    sandbox.setFaults({ errorRate: 1 });
    try {
      expect(await wixError(site.run('orders.get', { orderId: 'x' }))).toMatchObject({
        status: 500,
        retryable: true,
      });
    } finally {
      sandbox.setFaults({});
    }
  });

  it('timeout: retryable', async () => {
    const site = siteOn(sandbox, 'V1_CATALOG', 200);
    sandbox.setFaults({ latencyMs: 1000 });
    try {
      expect(await wixError(site.run('orders.get', { orderId: 'x' }))).toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
      });
    } finally {
      sandbox.setFaults({});
    }
  });
});
