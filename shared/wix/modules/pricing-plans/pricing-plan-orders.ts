import * as z from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, idList, limit, moduleInput } from '../fields.ts';
import { pageByOffset } from '../paging.ts';

/** Management List Orders answers at most 50 orders a page (its `limit` max). */
const PAGE_SIZE = 50;
const STATUSES = ['DRAFT', 'PENDING', 'ACTIVE', 'PAUSED', 'ENDED', 'CANCELED'] as const;
const EFFECTIVE_AT = ['IMMEDIATELY', 'NEXT_PAYMENT_DATE'] as const;

export interface PlanOrdersFilter {
  planIds?: string[] | undefined;
  buyerIds?: string[] | undefined;
  statuses?: (typeof STATUSES)[number][] | undefined;
  limit: number;
}

/**
 * Plan orders (`GET /pricing-plans/v2/orders`, list filters as repeated query parameters, offset paging, newest
 * first), up to `limit`. Throws what the Wix client throws.
 */
export async function listPlanOrders(wix: WixApi, options: PlanOrdersFilter): Promise<unknown[]> {
  return pageByOffset(options.limit, PAGE_SIZE, async (paging) => {
    const { body } = await wix.request<{ orders?: unknown[]; pagingMetadata?: { total?: number } }>({
      method: 'GET',
      path: '/pricing-plans/v2/orders',
      query: {
        planIds: options.planIds,
        buyerIds: options.buyerIds,
        orderStatuses: options.statuses,
        limit: paging.limit,
        offset: paging.offset || undefined,
      },
    });
    return { items: body.orders ?? [], total: body.pagingMetadata?.total };
  });
}

/** Management List Orders of Pricing Plans V2. */
export const pricingPlanOrdersSearch = defineModule({
  name: 'pricingPlanOrders.search',
  makeModule: '(not in Make) Search Pricing Plan Orders',
  idempotent: true,
  description:
    'Lists plan orders (purchases of pricing plans), newest first, by plan, buyer or status (Read Orders scope).',
  input: moduleInput({
    planIds: idList('only orders of these plans', 100, 'plan').optional(),
    buyerIds: idList('only orders of these buyers (member ids)', 100, 'member').optional(),
    statuses: z
      .array(z.enum(STATUSES, { error: () => `must be one of ${STATUSES.join(', ')}` }), {
        error: () => 'must be a list of order statuses',
      })
      .min(1, 'must list at least one status')
      .optional()
      .describe(`only orders in these statuses: ${STATUSES.join(', ')}`),
    limit: limit(50, 1000),
  }),
  output: '{ items: Order[] } — pricing plan orders, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    return { items: await listPlanOrders(wix, input) };
  },
});

/** Management Get Order: `GET /pricing-plans/v2/orders/{id}`. */
export const pricingPlanOrdersGet = defineModule({
  name: 'pricingPlanOrders.get',
  makeModule: '(not in Make) Get a Pricing Plan Order',
  idempotent: true,
  description: 'Gets one pricing plan order by id.',
  input: moduleInput({ orderId: id('the plan order’s id') }),
  output: '{ order } — the plan order: plan, buyer, status, cycles and dates.',
  async run(input, { wix }) {
    return (await wix.request({ method: 'GET', path: `/pricing-plans/v2/orders/${seg(input.orderId)}` }))
      .body;
  },
});

/** Whether an order is already as a cancel with `effectiveAt` leaves it. */
const alreadyCanceled = (
  order: { status?: string; autoRenewCanceled?: boolean } | undefined,
  effectiveAt: string,
) =>
  order?.status === 'CANCELED' ||
  order?.status === 'ENDED' ||
  (effectiveAt === 'NEXT_PAYMENT_DATE' && order?.autoRenewCanceled === true);

/**
 * Cancel Order: reads the order (`GET /pricing-plans/v2/orders/{id}`), then `POST …/orders/{id}/cancel` with
 * `effectiveAt`, unless the order is already canceled or ended (so a repeated step does not fail on Wix's refusal).
 */
export const pricingPlanOrdersCancel = defineModule({
  name: 'pricingPlanOrders.cancel',
  makeModule: '(not in Make) Cancel a Pricing Plan Order',
  idempotent: true,
  description: 'Cancels a plan order now or at its next payment date (Manage Orders scope).',
  input: moduleInput({
    orderId: id('the plan order’s id'),
    effectiveAt: z
      .enum(EFFECTIVE_AT, { error: () => `must be ${EFFECTIVE_AT.join(' or ')}` })
      .describe('IMMEDIATELY, or NEXT_PAYMENT_DATE (recurring plans: at the end of the paid cycle)'),
  }),
  output:
    '{} — Wix answers an empty object (also when the order was already canceled); its canceled webhook follows.',
  async run(input, { wix }) {
    const path = `/pricing-plans/v2/orders/${seg(input.orderId)}`;
    const { body: current } = await wix.request<{ order?: { status?: string; autoRenewCanceled?: boolean } }>(
      {
        method: 'GET',
        path,
      },
    );
    if (alreadyCanceled(current.order, input.effectiveAt)) return {};
    const { body } = await wix.request({
      method: 'POST',
      path: `${path}/cancel`,
      body: { id: input.orderId, effectiveAt: input.effectiveAt },
    });
    return body;
  },
});
