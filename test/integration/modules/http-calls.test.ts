import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { outsideError, siteOn, wixError } from './harness.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An outside service (a Slack webhook stand-in) answering by path: /ok, /missing, /broken, /slow. */
async function outsideService(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/slow') return void setTimeout(() => res.end('late'), 3000);
      const status = path === '/missing' ? 404 : path === '/broken' ? 503 : 200;
      res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'session=secret' });
      res.end(JSON.stringify({ ok: status === 200, path }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('wix.apiCall', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('calls any Wix path with the connection’s auth and returns {status, headers, body}', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('wix.apiCall', {
      url: 'contacts/v4/contacts',
      query: { 'paging.limit': 1 },
    })) as { status: number; headers: Record<string, string>; body: { contacts: unknown[] } };

    const [call] = site.calls();
    expect(call).toMatchObject({
      method: 'GET',
      path: '/contacts/v4/contacts',
      query: { 'paging.limit': '1' },
    });
    expect(call?.headers.authorization).toBe(sandbox.apiKey);
    expect(out.status).toBe(200);
    expect(out.headers['content-type']).toContain('application/json');
    expect(out.body.contacts).toHaveLength(1);
  });

  it('sends method, headers and JSON body as given', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('wix.apiCall', {
      url: '/stores/v1/collections',
      method: 'post',
      headers: { 'x-trace': 'abc' },
      body: { collection: { name: 'From apiCall' } },
    })) as { status: number; body: { collection: { name: string } } };

    expect(site.calls()[0]).toMatchObject({
      method: 'POST',
      path: '/stores/v1/collections',
      body: { collection: { name: 'From apiCall' } },
      headers: { 'x-trace': 'abc' },
    });
    expect(out.body.collection.name).toBe('From apiCall');
  });

  it('fails the step on a Wix 4xx by default, and returns it when returnErrors is set', async () => {
    const site = siteOn(sandbox);

    const error = await wixError(site.run('wix.apiCall', { url: '/contacts/v4/contacts/nope' }));
    const returned = (await site.run('wix.apiCall', {
      url: '/contacts/v4/contacts/nope',
      returnErrors: true,
    })) as {
      status: number;
      body: { details: { applicationError: { code: string } } };
    };

    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', retryable: false });
    expect(returned.status).toBe(404);
    expect(returned.body.details.applicationError.code).toBe('NOT_FOUND');
  });

  it('still fails a retryable error (429) with returnErrors, so delivery retries', async () => {
    const site = siteOn(sandbox);
    sandbox.setFaults({ rateLimitRate: 1 });
    try {
      const error = await wixError(
        site.run('wix.apiCall', { url: '/contacts/v4/contacts', returnErrors: true }),
      );
      expect(error).toMatchObject({ status: 429, retryable: true });
    } finally {
      sandbox.setFaults({});
    }
  });

  it('refuses outside URLs, auth headers and query strings in url before any call', async () => {
    const site = siteOn(sandbox);

    await expect(site.run('wix.apiCall', { url: 'https://evil.example/x' })).rejects.toThrow(
      /input\.url: must be a path/,
    );
    await expect(site.run('wix.apiCall', { url: '/a', headers: { Authorization: 'x' } })).rejects.toThrow(
      /input\.headers: must not set Authorization/,
    );
    await expect(site.run('wix.apiCall', { url: '/a?b=1' })).rejects.toThrow(
      /input\.url: must not hold a query string/,
    );
    await expect(site.run('wix.apiCall', { url: '/a/../b' })).rejects.toThrow(/input\.url: must not contain/);
    await expect(site.run('wix.apiCall', { url: '/a', body: { x: 1 } })).rejects.toThrow(
      /input\.body: a GET request cannot have a body/,
    );
    expect(site.calls()).toEqual([]);
  });
});

describe('http.request', () => {
  let outside: Awaited<ReturnType<typeof outsideService>>;
  let sandbox: WixSandbox;
  beforeAll(async () => {
    outside = await outsideService();
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    outside.server.closeAllConnections();
    outside.server.close();
    await sandbox.stop();
  });

  it('posts JSON to an outside URL without Wix auth and returns {status, headers, body} without cookies', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('http.request', {
      url: `${outside.url}/ok`,
      method: 'POST',
      headers: { Authorization: 'Bearer slack-token' },
      query: { channel: ['a', 'b'] },
      body: { text: 'New order 10005' },
    })) as { status: number; headers: Record<string, string>; body: unknown };

    const got = outside.received.at(-1);
    expect(got).toMatchObject({
      method: 'POST',
      url: '/ok?channel=a&channel=b',
      body: '{"text":"New order 10005"}',
    });
    expect(got?.headers.authorization).toBe('Bearer slack-token');
    expect(out).toMatchObject({ status: 200, body: { ok: true, path: '/ok' } });
    expect(out.headers['set-cookie']).toBeUndefined();
    expect(site.calls()).toEqual([]);
  });

  it('sends a text body as text', async () => {
    const site = siteOn(sandbox);

    await site.run('http.request', { url: `${outside.url}/ok`, method: 'PUT', body: 'plain words' });

    expect(outside.received.at(-1)).toMatchObject({ method: 'PUT', body: 'plain words' });
  });

  it('fails a 4xx for good (or returns it with returnErrors) and a 5xx or timeout as retryable', async () => {
    const site = siteOn(sandbox);

    const missing = await outsideError(
      site.run('http.request', { url: `${outside.url}/missing?token=s3cret` }),
    );
    const returned = (await site.run('http.request', {
      url: `${outside.url}/missing`,
      returnErrors: true,
    })) as {
      status: number;
    };
    const broken = await outsideError(
      site.run('http.request', { url: `${outside.url}/broken`, returnErrors: true }),
    );
    const slow = await outsideError(
      site.run('http.request', { url: `${outside.url}/slow`, timeoutSeconds: 1 }),
    );

    expect(missing).toMatchObject({ status: 404, retryable: false });
    expect(missing.message).not.toContain('s3cret');
    expect(returned.status).toBe(404);
    expect(broken).toMatchObject({ status: 503, retryable: true });
    expect(slow).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('refuses a non-http URL before any call', async () => {
    const site = siteOn(sandbox);
    const before = outside.received.length;

    await expect(site.run('http.request', { url: 'file:///etc/passwd' })).rejects.toThrow(
      /input\.url: must be an http/,
    );
    expect(outside.received.length).toBe(before);
  });
});
