import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutsideHttp, refusedAddress } from '#shared/wix/modules/outside-http.ts';
import { outsideError } from './harness.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback HTTP server whose answer for each request `route` decides; it records what it received. */
async function service(route: (path: string) => { status: number; location?: string }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const { status, location } = route((req.url ?? '').split('?')[0] ?? '');
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(location === undefined ? {} : { location }),
      });
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('refusedAddress', () => {
  it('refuses link-local and unspecified addresses always, loopback unless allowed', () => {
    expect(refusedAddress('169.254.169.254', true)).toContain('link-local');
    expect(refusedAddress('fe80::1', true)).toContain('link-local');
    expect(refusedAddress('fd00:ec2::254', true)).toContain('link-local');
    expect(refusedAddress('0.0.0.0', true)).toContain('unspecified');
    expect(refusedAddress('::ffff:169.254.169.254', true)).toContain('169.254.169.254');
    expect(refusedAddress('127.0.0.1', false)).toContain('loopback');
    expect(refusedAddress('::1', false)).toContain('loopback');
    expect(refusedAddress('::ffff:127.0.0.1', false)).toContain('loopback');
    expect(refusedAddress('127.0.0.1', true)).toBeUndefined();
    expect(refusedAddress('93.184.215.14', false)).toBeUndefined();
    expect(refusedAddress('10.0.0.8', false)).toBeUndefined();
  });
});

describe('calls outside Wix (createOutsideHttp)', () => {
  let target: Awaited<ReturnType<typeof service>>;
  let other: Awaited<ReturnType<typeof service>>;

  beforeAll(async () => {
    other = await service(() => ({ status: 200 }));
    target = await service((path) => {
      if (path === '/to-metadata')
        return { status: 302, location: 'http://169.254.169.254/latest/meta-data/' };
      if (path === '/see-other') return { status: 303, location: '/landing' };
      if (path === '/elsewhere') return { status: 307, location: `${other.url}/hook` };
      if (path === '/loop') return { status: 302, location: '/loop' };
      return { status: 200 };
    });
  });
  afterAll(async () => {
    await target.stop();
    await other.stop();
  });

  it('refuses loopback when not allowed, without sending anything', async () => {
    const http = createOutsideHttp({ allowLoopback: false });
    const before = target.received.length;

    const error = await outsideError(
      http.request({ method: 'POST', url: `${target.url}/hook`, body: { a: 1 } }),
    );

    expect(error).toMatchObject({ code: 'ADDRESS_REFUSED', retryable: false });
    expect(error.message).toContain('127.0.0.1 is a loopback address');
    expect(target.received.length).toBe(before);
  });

  it('refuses a host name that resolves to the instance metadata address', async () => {
    const http = createOutsideHttp({ resolve: async () => ['169.254.169.254'] });

    const error = await outsideError(http.request({ method: 'GET', url: 'http://metadata.example/latest' }));

    expect(error).toMatchObject({ code: 'ADDRESS_REFUSED', retryable: false });
  });

  it('checks every redirect hop: a redirect to the metadata address is refused', async () => {
    const http = createOutsideHttp();

    const error = await outsideError(http.request({ method: 'GET', url: `${target.url}/to-metadata` }));

    expect(error).toMatchObject({ code: 'ADDRESS_REFUSED' });
    expect(error.message).toContain('169.254.169.254');
  });

  it('follows a 303 after a POST as a GET without the body, keeping the query of each URL', async () => {
    const http = createOutsideHttp();
    const before = target.received.length;

    const response = await http.request({
      method: 'POST',
      url: `${target.url}/see-other?a=1`,
      query: { b: 2 },
      body: { order: 7 },
    });

    expect(response.status).toBe(200);
    expect(target.received.slice(before).map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/see-other?a=1&b=2', '{"order":7}'],
      ['GET', '/landing', ''],
    ]);
  });

  it('drops Authorization and Cookie when a redirect leaves the origin, and keeps the method and body on a 307', async () => {
    const http = createOutsideHttp();

    await http.request({
      method: 'POST',
      url: `${target.url}/elsewhere`,
      headers: { Authorization: 'Bearer s3cret', Cookie: 'session=1', 'X-Trace': 't-1' },
      body: 'payload',
    });

    const arrived = other.received.at(-1);
    expect(arrived).toMatchObject({ method: 'POST', url: '/hook', body: 'payload' });
    expect(arrived?.headers['x-trace']).toBe('t-1');
    expect(arrived?.headers.authorization).toBeUndefined();
    expect(arrived?.headers.cookie).toBeUndefined();
  });

  it('gives up after five redirects', async () => {
    const http = createOutsideHttp();

    const error = await outsideError(http.request({ method: 'GET', url: `${target.url}/loop` }));

    expect(error).toMatchObject({ code: 'REDIRECTS', retryable: false });
  });
});
