import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { HttpError } from '#shared/http-error.ts';
import { type IngestDeps, ingestWebhook } from '#shared/ingest/ingest-webhook.ts';
import { requestLogger } from '#shared/observability/correlation.ts';
import { flushMetrics } from '#shared/observability/flush-metrics.ts';
import { METRIC, type Metrics } from '#shared/observability/metrics.ts';
import { MAX_WEBHOOK_BYTES } from '#shared/wix/webhook/verify.ts';

export interface IngestHandlerDeps extends IngestDeps {
  /** Flushed after every webhook. */
  metrics: Metrics;
}

/**
 * The raw body as text: API Gateway base64-encodes bodies it does not take for text. A body that is too
 * large even before decoding is refused without decoding it (a base64 text of n chars holds ≥ 3n/4 − 2 bytes).
 */
function rawBody(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  if (!event.isBase64Encoded) return event.body;
  if ((event.body.length * 3) / 4 - 2 > MAX_WEBHOOK_BYTES) {
    throw new HttpError(413, `webhook body exceeds ${MAX_WEBHOOK_BYTES} bytes`, 'body_too_large');
  }
  return Buffer.from(event.body, 'base64').toString('utf8');
}

/** The ingest Lambda handler over its collaborators (the local stack passes its own). */
export function createIngestHandler(deps: IngestHandlerDeps) {
  const { metrics } = deps;

  const lambdaHandler = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    if (path === '/health' && method === 'GET') {
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
    }
    const log = requestLogger(deps.log, event, context);
    try {
      if (path !== '/webhooks/wix') throw new HttpError(404, `no route ${method} ${path}`, 'not_found');
      if (method !== 'POST')
        throw new HttpError(405, 'webhooks are delivered with POST', 'method_not_allowed');
      const accepted = await ingestWebhook(rawBody(event), { ...deps, log });
      metrics.count(METRIC.eventsAccepted);
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accepted: accepted.eventId }),
      };
    } catch (error) {
      const status = error instanceof HttpError ? error.statusCode : 500;
      if (status >= 500) log.error('ingest failed', { status, error });
      else log.warn('webhook rejected', { status, reason: (error as Error).message });
      metrics.count(METRIC.eventsRejected, 1, { Status: String(status) });
      throw error;
    }
  };
  // The body is the signed JWT: nothing may parse it before ingestWebhook verifies it. Errors are logged
  // above, with the request's correlation ids; httpErrorHandler only renders them; metrics are written last.
  // No early-timeout timer (timeoutEarlyInMillis 0): it costs a timer and a promise race per webhook
  // (~12 µs, measured in the ingest bench) and would only turn Lambda's own timeout into a 500 a few
  // milliseconds sooner; either way Wix sees a failure and re-sends.
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 0 })
    .use(flushMetrics(metrics))
    .use(httpErrorHandler({ logger: false }))
    .handler(lambdaHandler);
}
