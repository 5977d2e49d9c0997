import { invalidField, notFound } from '../errors.ts';
import { asEntity } from '../fixtures.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const transactionsOf = (ctx: ApiContext, orderId: string) =>
  structuredClone(ctx.site.transactions.get(orderId) ?? { orderId, payments: [], refunds: [] });

/** eCom Order Transactions (docs/wix-behaviour.md#payments): an order's payments and refunds. */
export const paymentRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/ecom/v1/payments/orders/:orderId',
    handler: (ctx) => {
      const orderId = ctx.params.orderId ?? '';
      if (!ctx.site.orders.has(orderId) && !ctx.site.transactions.has(orderId))
        throw notFound('Order', orderId);
      return { body: { orderTransactions: transactionsOf(ctx, orderId) } };
    },
  },
  {
    method: 'POST',
    path: '/ecom/v1/payments/list-by-ids',
    handler: (ctx) => {
      const orderIds = asEntity(ctx.body).orderIds;
      if (!Array.isArray(orderIds) || orderIds.length === 0) {
        throw invalidField('orderIds', 'orderIds must be a non-empty array', 'REQUIRED_FIELD');
      }
      return { body: { orderTransactions: orderIds.map((id) => transactionsOf(ctx, String(id))) } };
    },
  },
];
