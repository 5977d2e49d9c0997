import * as fulfillments from '@wix/auto_sdk_ecom_order-fulfillments';
import * as orders from '@wix/auto_sdk_ecom_orders';
import { describe, expect, it } from 'vitest';
import { fulfillmentsCreate } from '#shared/wix/modules/fulfillments/fulfillments-create.ts';
import {
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutBodyPathEchoes,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const ORDER_ID = '5a3e6a4b-0c3e-4b7e-8a3c-2f1d0e9b8a71';
const LINE_A = '00000000-0000-0000-0000-000000000001';
const LINE_B = '00000000-0000-0000-0000-000000000002';

/**
 * The SDK's envelope, left out of the contract: it repeats the path's {orderId} in the query of a GET and in
 * the body of the POST (it sends the whole payload after filling the path from it); Wix routes by the path.
 */
const withoutEchoes = (r: WireRequest) => withoutBodyPathEchoes(withoutPathEchoes(r), 'orderId');

describe('fulfillments modules against Wix’s SDK (@wix/auto_sdk_ecom_order-fulfillments)', () => {
  it('fulfillments.create with line items sends what createFulfillment sends', async () => {
    // Prepare
    const input = {
      orderId: ORDER_ID,
      trackingNumber: '1Z999AA10123456784',
      shippingProvider: 'ups',
      lineItems: [{ id: LINE_A, quantity: 2 }],
    };
    // Act
    const ours = await wixflowRequests(fulfillmentsCreate, input);
    const wix = await sdkRequests({ fulfillments }, (c) =>
      c.fulfillments.createFulfillment(ORDER_ID, {
        lineItems: [{ id: LINE_A, quantity: 2 }],
        trackingInfo: { trackingNumber: '1Z999AA10123456784', shippingProvider: 'ups' },
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('fulfillments.create with a custom carrier’s tracking link sends what createFulfillment sends', async () => {
    // Prepare
    const trackingInfo = {
      trackingNumber: 'LOCAL-42',
      shippingProvider: 'Bike Couriers',
      trackingLink: 'https://couriers.example.com/track/LOCAL-42',
    };
    // Act
    const ours = await wixflowRequests(fulfillmentsCreate, {
      orderId: ORDER_ID,
      ...trackingInfo,
      lineItems: [{ id: LINE_A, quantity: 1 }],
    });
    const wix = await sdkRequests({ fulfillments }, (c) =>
      c.fulfillments.createFulfillment(ORDER_ID, { lineItems: [{ id: LINE_A, quantity: 1 }], trackingInfo }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutEchoes).map(contractOf));
  });

  it('fulfillments.create without line items reads as getOrder and listFulfillmentsForSingleOrder do, then creates', async () => {
    // Prepare: two line items of 3; one fulfillment already shipped 1 of A.
    const respond = (request: WireRequest) => {
      if (request.path === `/ecom/v1/orders/${ORDER_ID}`)
        return {
          order: {
            id: ORDER_ID,
            lineItems: [
              { id: LINE_A, quantity: 3 },
              { id: LINE_B, quantity: 3 },
            ],
          },
        };
      if (request.path === `/ecom/v1/fulfillments/orders/${ORDER_ID}`)
        return {
          orderWithFulfillments: {
            orderId: ORDER_ID,
            fulfillments: [{ lineItems: [{ id: LINE_A, quantity: 1 }] }],
          },
        };
      return {};
    };
    // Act
    const ours = await wixflowRequests(
      fulfillmentsCreate,
      { orderId: ORDER_ID, trackingNumber: 'T-1' },
      { respond },
    );
    const wixOrder = await sdkRequests({ orders }, (c) => c.orders.getOrder(ORDER_ID));
    const wixList = await sdkRequests({ fulfillments }, (c) =>
      c.fulfillments.listFulfillmentsForSingleOrder(ORDER_ID),
    );
    const wixCreate = await sdkRequests({ fulfillments }, (c) =>
      c.fulfillments.createFulfillment(ORDER_ID, {
        lineItems: [
          { id: LINE_A, quantity: 2 },
          { id: LINE_B, quantity: 3 },
        ],
        trackingInfo: { trackingNumber: 'T-1' },
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(
      [...wixOrder, ...wixList, ...wixCreate].map(withoutEchoes).map(contractOf),
    );
  });

  it('fulfillments.create refuses, before calling Wix, what Wix’s Fulfillment type does not take', () => {
    // Prepare: the limits of FulfillmentLineItem, FulfillmentTrackingInfo and Fulfillment.lineItems.
    const problems = (extra: Record<string, unknown>) => {
      const result = fulfillmentsCreate.input.safeParse({
        orderId: ORDER_ID,
        trackingNumber: 'T-1',
        ...extra,
      });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const line = (quantity: number) => ({ id: LINE_A, quantity });
    // Act & Assess
    expect(problems({ shippingProvider: 'p'.repeat(101) })).toEqual([
      'shippingProvider: must be at most 100 characters',
    ]);
    expect(problems({ trackingLink: `https://t.example.com/${'x'.repeat(2048)}` })).toEqual([
      'trackingLink: must be at most 2048 characters',
    ]);
    expect(problems({ lineItems: [line(100_001)] })).toEqual([
      'lineItems.0.quantity: must be at most 100000',
    ]);
    expect(problems({ lineItems: Array.from({ length: 301 }, () => line(1)) })).toEqual([
      'lineItems: must list at most 300 line items',
    ]);
    expect(
      problems({
        shippingProvider: 'p'.repeat(100),
        lineItems: Array.from({ length: 300 }, () => line(100_000)),
      }),
    ).toEqual([]);
  });
});
