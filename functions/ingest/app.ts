import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '#shared/http-error.ts';
import { type IngestDeps, ingestWebhook } from '#shared/ingest/ingest-webhook.ts';

/** The raw body as text: API Gateway base64-encodes bodies it does not take for text. */
function rawBody(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** The ingest Lambda handler over its collaborators (the local stack passes its own). */
export function createIngestHandler(deps: IngestDeps) {
  const lambdaHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    if (path === '/health' && method === 'GET') {
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
    }
    if (path !== '/webhooks/wix') throw new HttpError(404, `no route ${method} ${path}`, 'not_found');
    if (method !== 'POST') throw new HttpError(405, 'webhooks are delivered with POST', 'method_not_allowed');
    const accepted = await ingestWebhook(rawBody(event), deps);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accepted: accepted.eventId }),
    };
  };
  // The body is the signed JWT: nothing may parse it before ingestWebhook verifies it.
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(
      httpErrorHandler({
        logger: (error: unknown) => {
          if (!(error instanceof HttpError) || error.statusCode >= 500)
            deps.log.error('ingest failed', { error });
          else deps.log.warn('webhook rejected', { status: error.statusCode, reason: error.message });
        },
      }),
    )
    .handler(lambdaHandler);
}
