import { type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';
import { orderOf } from './orders.ts';

/** Tracking links Wix fills in for known carriers (docs/wix-behaviour.md#fulfillments). */
const TRACKING_LINKS: Record<string, (n: string) => string> = {
  fedex: (n) => `https://www.fedex.com/apps/fedextrack/?action=track&trackingnumber=${n}`,
  ups: (n) => `https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=${n}`,
  usps: (n) => `https://tools.usps.com/go/TrackConfirmAction.action?tLabels=${n}`,
  dhl: (n) => `https://www.logistics.dhl/global-en/home/tracking.html?tracking-id=${n}`,
  canadaPost: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
};

const withFulfillments = (ctx: ApiContext, orderId: string) => ({
  orderId,
  fulfillments: structuredClone(ctx.site.fulfillments.get(orderId) ?? []),
});

const knownOrder = (ctx: ApiContext, orderId: string | undefined): string => {
  if (orderId === undefined || (!ctx.site.orders.has(orderId) && !ctx.site.fulfillments.has(orderId))) {
    throw notFound('Order', String(orderId));
  }
  return orderId;
};

function createFulfillment(ctx: ApiContext) {
  const order = orderOf(ctx, ctx.params.orderId);
  const orderId = String(order.id);
  const input = asEntity(asEntity(ctx.body).fulfillment);
  if (asEntity(ctx.body).fulfillment === undefined) {
    throw invalidField('fulfillment', 'fulfillment is required', 'REQUIRED_FIELD');
  }
  const orderLines = new Map(asEntities(order.lineItems).map((l) => [String(l.id), Number(l.quantity ?? 0)]));
  const lines = asEntities(input.lineItems);
  const violations: FieldViolation[] = [];
  if (lines.length === 0) {
    violations.push({
      field: 'fulfillment.lineItems',
      description: 'at least one line item',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  lines.forEach((line, i) => {
    if (!orderLines.has(String(line.id))) {
      violations.push({
        field: `fulfillment.lineItems[${i}].id`,
        description: 'not a line item of the order',
        violatedRule: 'CUSTOM',
      });
    }
    if (!Number.isInteger(line.quantity) || Number(line.quantity) < 1) {
      violations.push({
        field: `fulfillment.lineItems[${i}].quantity`,
        description: 'must be >= 1',
        violatedRule: 'MIN',
      });
    }
  });
  if (input.trackingInfo === undefined && input.customInfo === undefined) {
    violations.push({
      field: 'fulfillment.trackingInfo',
      description: 'trackingInfo or customInfo is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  if (violations.length) throw validationError(violations);

  const fulfillment: Entity = {
    id: newId(),
    createdDate: ctx.now.toISOString(),
    lineItems: lines.map((l) => ({ id: l.id, quantity: l.quantity })),
  };
  if (input.trackingInfo !== undefined) {
    const tracking = { ...asEntity(input.trackingInfo) };
    const linkFor = TRACKING_LINKS[String(tracking.shippingProvider)];
    if (tracking.trackingLink === undefined && linkFor && typeof tracking.trackingNumber === 'string') {
      tracking.trackingLink = linkFor(tracking.trackingNumber);
    }
    fulfillment.trackingInfo = tracking;
  }
  if (input.customInfo !== undefined) fulfillment.customInfo = input.customInfo;
  if (input.status !== undefined) fulfillment.status = input.status;
  const all = [...(ctx.site.fulfillments.get(orderId) ?? []), fulfillment];
  ctx.site.fulfillments.set(orderId, all);

  const shipped = new Map<string, number>();
  for (const f of all)
    for (const l of asEntities(f.lineItems))
      shipped.set(String(l.id), (shipped.get(String(l.id)) ?? 0) + Number(l.quantity));
  const complete = [...orderLines].every(([id, qty]) => (shipped.get(id) ?? 0) >= qty);
  order.fulfillmentStatus = complete ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
  order.updatedDate = ctx.now.toISOString();
  return { body: { orderWithFulfillments: withFulfillments(ctx, orderId), fulfillmentId: fulfillment.id } };
}

function listByIds(ctx: ApiContext) {
  const orderIds = asEntity(ctx.body).orderIds;
  if (!Array.isArray(orderIds) || orderIds.length === 0) {
    throw invalidField('orderIds', 'orderIds must be a non-empty array', 'REQUIRED_FIELD');
  }
  return { body: { ordersWithFulfillments: orderIds.map((id) => withFulfillments(ctx, String(id))) } };
}

/** eCom Order Fulfillments (docs/wix-behaviour.md#fulfillments). */
export const fulfillmentRoutes: ApiRoute[] = [
  { method: 'POST', path: '/ecom/v1/fulfillments/list-by-ids', handler: listByIds },
  {
    method: 'POST',
    path: '/ecom/v1/fulfillments/orders/:orderId/create-fulfillment',
    handler: createFulfillment,
  },
  {
    method: 'GET',
    path: '/ecom/v1/fulfillments/orders/:orderId',
    handler: (ctx) => ({
      body: { orderWithFulfillments: withFulfillments(ctx, knownOrder(ctx, ctx.params.orderId)) },
    }),
  },
];
