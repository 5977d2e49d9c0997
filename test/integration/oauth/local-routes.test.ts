import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHttpServer, startHttpServer } from '#local/http-server.ts';

/** A handler that answers with what it was called for, as a second Lambda would. */
const answering = (name: string) => async (event: APIGatewayProxyEventV2) => ({
  statusCode: 200,
  body: JSON.stringify({ name, routeKey: event.routeKey, query: event.queryStringParameters ?? null }),
});

describe('the local HTTP server with several handlers', () => {
  let http: LocalHttpServer;

  beforeAll(async () => {
    http = await startHttpServer(answering('default'), {
      port: 0,
      routes: { 'GET /first': answering('first') },
    });
    http.route('GET /second', answering('second'));
  });
  afterAll(() => http?.stop());

  const get = async (path: string, method = 'GET') =>
    (await (await fetch(`${http.url}${path}`, { method })).json()) as Record<string, unknown>;

  it('dispatches each routed METHOD /path to its handler, with the query string', async () => {
    expect(await get('/first?a=1')).toEqual({ name: 'first', routeKey: 'GET /first', query: { a: '1' } });
    expect(await get('/second')).toMatchObject({ name: 'second' });
  });

  it('sends everything else to the default handler, as before', async () => {
    expect(await get('/first', 'POST')).toMatchObject({ name: 'default', routeKey: 'POST /first' });
    expect(await get('/webhooks/wix', 'POST')).toMatchObject({ name: 'default' });
    expect(await get('/anything')).toMatchObject({ name: 'default' });
  });

  it('still refuses an oversized body before any handler runs', async () => {
    const response = await fetch(`${http.url}/first`, { method: 'POST', body: 'x'.repeat(300 * 1024) });

    expect(response.status).toBe(413);
  });
});
