import * as orders from '@wix/auto_sdk_pricing-plans_orders';
import * as plans from '@wix/auto_sdk_pricing-plans_plans';
import { describe, expect, it } from 'vitest';
import {
  pricingPlanOrdersCancel,
  pricingPlanOrdersGet,
  pricingPlanOrdersSearch,
} from '#shared/wix/modules/pricing-plans/pricing-plan-orders.ts';
import { pricingPlansSearch } from '#shared/wix/modules/pricing-plans/pricing-plans-search.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

const ORDER_ID = 'a8e1b3c6-0f5f-4c41-9b5b-9e1d2f3a4b5c';
const PLAN_ID = '2c3a9b7e-6a19-4f1b-8a68-6c5a3b2d1e0f';

describe('pricing plans modules against Wix’s SDK', () => {
  it('pricingPlans.search sends what listPlans sends', async () => {
    // Act
    const ours = await wixflowRequests(pricingPlansSearch, { archived: 'ARCHIVED_AND_ACTIVE', limit: 10 });
    const wix = await sdkRequests({ plans }, (c) =>
      c.plans.listPlans({ archived: 'ARCHIVED_AND_ACTIVE', limit: 10 }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('pricingPlanOrders.search sends what managementListOrders sends', async () => {
    // Prepare
    const input = { planIds: [PLAN_ID], buyerIds: ['m-1', 'm-2'], statuses: ['ACTIVE', 'PAUSED'], limit: 20 };
    // Act
    const ours = await wixflowRequests(pricingPlanOrdersSearch, input);
    const wix = await sdkRequests({ orders }, (c) =>
      c.orders.managementListOrders({
        planIds: [PLAN_ID],
        buyerIds: ['m-1', 'm-2'],
        orderStatuses: ['ACTIVE', 'PAUSED'],
        limit: 20,
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('pricingPlanOrders.get sends what managementGetOrder sends', async () => {
    // Act
    const ours = await wixflowRequests(pricingPlanOrdersGet, { orderId: ORDER_ID });
    const wix = await sdkRequests({ orders }, (c) => c.orders.managementGetOrder(ORDER_ID));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });

  it('pricingPlanOrders.cancel reads the order as managementGetOrder does, then sends what cancelOrder sends', async () => {
    // Act
    const ours = await wixflowRequests(pricingPlanOrdersCancel, {
      orderId: ORDER_ID,
      effectiveAt: 'NEXT_PAYMENT_DATE',
    });
    const read = await sdkRequests({ orders }, (c) => c.orders.managementGetOrder(ORDER_ID));
    const cancel = await sdkRequests({ orders }, (c) => c.orders.cancelOrder(ORDER_ID, 'NEXT_PAYMENT_DATE'));
    // Assess
    expect(ours.map(contractOf)).toEqual([...read.map(withoutPathEchoes), ...cancel].map(contractOf));
  });
});
