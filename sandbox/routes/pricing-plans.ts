import { domainsOf } from '../domains.ts';
import { applicationError, invalidField } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { existing, getRoute } from '../modern-query.ts';
import { readInt } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const listOf = (all: Entity[], ctx: ApiContext, defaultLimit: number, maxLimit: number) => {
  const limit = readInt(ctx.query.get('limit') ?? undefined, 'limit', defaultLimit, maxLimit);
  const offset = readInt(ctx.query.get('offset') ?? undefined, 'offset', 0);
  const items = all.slice(offset, offset + limit).map((e) => structuredClone(e));
  return {
    items,
    pagingMetadata: { count: items.length, offset, total: all.length, hasNext: offset + limit < all.length },
  };
};

/** `GET /pricing-plans/v2/plans`: `planIds`, `archived` (default ACTIVE), `public`, limit (max 100) and offset. */
function listPlans(ctx: ApiContext) {
  const archived = ctx.query.get('archived') ?? 'ACTIVE';
  const visibility = ctx.query.get('public') ?? 'PUBLIC_AND_HIDDEN';
  const ids = ctx.query.getAll('planIds');
  const plans = [...domainsOf(ctx.site).plans.values()].filter(
    (p) =>
      (ids.length === 0 || ids.includes(String(p.id))) &&
      (archived === 'ARCHIVED_AND_ACTIVE' || (archived === 'ARCHIVED') === (p.archived === true)) &&
      (visibility === 'PUBLIC_AND_HIDDEN' || (visibility === 'PUBLIC') === (p.public !== false)),
  );
  const { items, pagingMetadata } = listOf(plans, ctx, 75, 100);
  return { body: { plans: items, pagingMetadata } };
}

/** `GET /pricing-plans/v2/orders`: list filters as repeated query parameters, limit (max 50), newest first. */
function listOrders(ctx: ApiContext) {
  const planIds = ctx.query.getAll('planIds');
  const buyerIds = ctx.query.getAll('buyerIds');
  const statuses = ctx.query.getAll('orderStatuses');
  const orders = [...domainsOf(ctx.site).planOrders.values()]
    .filter(
      (o) =>
        (planIds.length === 0 || planIds.includes(String(o.planId))) &&
        (buyerIds.length === 0 || buyerIds.includes(String(asEntity(o.buyer).memberId))) &&
        (statuses.length === 0 || statuses.includes(String(o.status))),
    )
    .sort((a, b) => String(b.createdDate).localeCompare(String(a.createdDate)));
  const { items, pagingMetadata } = listOf(orders, ctx, 50, 50);
  return { body: { orders: items, pagingMetadata } };
}

const EFFECTIVE_AT = new Set(['IMMEDIATELY', 'NEXT_PAYMENT_DATE']);

/**
 * `POST /pricing-plans/v2/orders/{id}/cancel`: `effectiveAt` required. IMMEDIATELY cancels now; NEXT_PAYMENT_DATE
 * keeps the order ACTIVE and marks `autoRenewCanceled`. An order already CANCELED or ENDED is refused (code UNCONFIRMED).
 */
function cancelOrder(ctx: ApiContext) {
  const order = existing(domainsOf(ctx.site).planOrders, ctx.params.id, 'Order');
  const effectiveAt = asEntity(ctx.body).effectiveAt;
  if (effectiveAt === undefined)
    throw invalidField('effectiveAt', 'effectiveAt is required', 'REQUIRED_FIELD');
  if (!EFFECTIVE_AT.has(String(effectiveAt)))
    throw invalidField('effectiveAt', 'must be IMMEDIATELY or NEXT_PAYMENT_DATE');
  if (order.status === 'CANCELED' || order.status === 'ENDED')
    throw applicationError(
      400,
      'ORDER_CANNOT_BE_CANCELED',
      `a ${String(order.status)} order cannot be canceled`,
    );
  const stamp = ctx.now.toISOString();
  order.cancellation = { requestedDate: stamp, cause: 'OWNER_ACTION', effectiveAt };
  if (effectiveAt === 'IMMEDIATELY') {
    order.status = 'CANCELED';
    order.endDate = stamp;
  } else {
    order.autoRenewCanceled = true;
  }
  order.updatedDate = stamp;
  return { body: {} };
}

/** Pricing Plans V2: plans and plan orders (management). */
export const pricingPlanRoutes: ApiRoute[] = [
  { method: 'GET', path: '/pricing-plans/v2/plans', handler: listPlans },
  getRoute('/pricing-plans/v2/plans/:id', 'plan', 'Plan', (ctx) => domainsOf(ctx.site).plans),
  { method: 'GET', path: '/pricing-plans/v2/orders', handler: listOrders },
  getRoute('/pricing-plans/v2/orders/:id', 'order', 'Order', (ctx) => domainsOf(ctx.site).planOrders),
  { method: 'POST', path: '/pricing-plans/v2/orders/:id/cancel', handler: cancelOrder },
];
