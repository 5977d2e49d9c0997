import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signWixWebhook, type WixEnvelopeInput } from '#shared/wix/webhook/sign.ts';
import { envelopeOf, loadWebhookFixture } from '../../test/support/webhooks.ts';

/** Wix's documented example of one webhook (test/fixtures/wix/webhooks/<name>.json), as the envelope Wix signs. */
export function fixtureEnvelope(name: string, instanceId = randomUUID()): WixEnvelopeInput {
  const fixture = loadWebhookFixture(name);
  const example = fixture.examples[0];
  if (!example || !fixture.eventType) throw new Error(`the webhook fixture ${name} has no example`);
  return envelopeOf(example, fixture.eventType, instanceId);
}

/** A fresh RSA-2048 key pair (Wix signs webhooks RS256) and the documented webhook `name` signed with it. */
export function signedFixtureWebhook(name: string): {
  body: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
} {
  return signedWebhook(fixtureEnvelope(name));
}

/** A fresh RSA-2048 key pair and `envelope` signed with it as Wix signs. */
export function signedWebhook(envelope: WixEnvelopeInput): {
  body: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { body: signWixWebhook(envelope, privateKey), publicKey, privateKey };
}

/**
 * The ~2 KB order webhook the ingest bars are stated for: Wix's documented Order Created event with the
 * order cut to a few fields (one line item, totals, buyer, status).
 * Wix's full documented example (8 KB signed) is measured beside it.
 */
export function compactOrderEnvelope(): WixEnvelopeInput {
  const envelope = fixtureEnvelope('wix.ecom.v1.order_created');
  const inner = (typeof envelope.data === 'string' ? JSON.parse(envelope.data) : envelope.data) as Record<
    string,
    unknown
  >;
  const created = inner.createdEvent as { entity: Record<string, unknown> };
  const order = created.entity;
  const [item] = (order.lineItems as Record<string, unknown>[]) ?? [];
  const keep = [
    'id',
    'number',
    'status',
    'paymentStatus',
    'fulfillmentStatus',
    'currency',
    'createdDate',
    'buyerInfo',
  ];
  const compact: Record<string, unknown> = Object.fromEntries(keep.map((key) => [key, order[key]]));
  compact.priceSummary = { total: (order.priceSummary as Record<string, unknown>).total };
  compact.lineItems = item
    ? [
        {
          id: item.id,
          quantity: item.quantity,
          productName: item.productName,
          catalogReference: item.catalogReference,
          price: item.price,
        },
      ]
    : [];
  return { ...envelope, data: { ...inner, createdEvent: { entity: compact } } };
}

/** The decoded envelope inside a signed body, read without verifying (the bench had it signed itself). */
export function peekEnvelope(body: string): { eventType: string; data: Record<string, unknown> } {
  const payloadPart = body.split('.')[1] ?? '';
  const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as { data: string };
  const envelope = JSON.parse(payload.data) as { eventType: string; data: string };
  return { eventType: envelope.eventType, data: JSON.parse(envelope.data) as Record<string, unknown> };
}

/** The API Gateway HTTP API (payload v2) event of a webhook POST, as the ingest Lambda receives it. */
export function webhookEvent(body: string): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/wix',
    rawPath: '/webhooks/wix',
    rawQueryString: '',
    headers: { 'content-type': 'text/plain', 'user-agent': 'Wix' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path: '/webhooks/wix',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Wix',
      },
      requestId: 'bench',
      routeKey: 'POST /webhooks/wix',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
  };
}
