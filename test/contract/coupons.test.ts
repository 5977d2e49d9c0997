import * as coupons from '@wix/marketing_coupons';
import { describe, expect, it } from 'vitest';
import { couponsCreate } from '#shared/wix/modules/coupons/coupons-create.ts';
import { couponsSearch } from '#shared/wix/modules/coupons/coupons-search.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

const START = Date.parse('2030-06-01T00:00:00.000Z');
const END = Date.parse('2030-09-01T00:00:00.000Z');

/**
 * Coupon times are int64 epoch milliseconds. The SDK's type spells int64 the proto-JSON way, as a string
 * ("1906156800000"); wixflow sends a JSON number, as every example in Wix's Create Coupon docs does (proto-JSON
 * takes both). The contract compares the instant, so either spelling of the same time matches and any other
 * time does not.
 */
const withNumericTimes = (request: WireRequest): WireRequest => {
  const body = structuredClone(request.body) as { specification?: Record<string, unknown> };
  for (const key of ['startTime', 'expirationTime'])
    if (body.specification?.[key] !== undefined) body.specification[key] = Number(body.specification[key]);
  return { ...request, body };
};

/** wixflow's request for `input`, the run's clock (the default start time) at START. */
const ours = (input: Record<string, unknown>) => wixflowRequests(couponsCreate, input, { now: () => START });

describe('coupons modules against Wix’s SDK (@wix/marketing_coupons)', () => {
  it('coupons.create sends what createCoupon sends, all of Stores being the default scope', async () => {
    // Act
    const wixflow = await ours({ name: 'Summer', code: 'SUMMER10', percentOffRate: 10, usageLimit: 100 });
    const wix = await sdkRequests({ coupons }, (c) =>
      c.coupons.createCoupon({
        name: 'Summer',
        code: 'SUMMER10',
        active: true,
        startTime: String(START),
        scope: { namespace: 'stores' },
        percentOffRate: 10,
        usageLimit: 100,
      }),
    );
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(withNumericTimes).map(contractOf));
  });

  it('coupons.create with a product scope, an expiry and limits sends what createCoupon sends', async () => {
    // Prepare
    const scope = {
      namespace: 'stores',
      group: { name: 'product', entityId: 'df47adc9-d5cc-4cc4-8c83-304e2ebb5492' },
    };
    // Act
    const wixflow = await ours({
      name: 'Buy 3 get 2',
      code: 'B3G2',
      buyXGetY: { x: 3, y: 2 },
      scope,
      startTime: '2030-06-01T00:00:00.000Z',
      expirationTime: END,
      limitPerCustomer: 1,
      limitedToOneItem: true,
      active: false,
    });
    const wix = await sdkRequests({ coupons }, (c) =>
      c.coupons.createCoupon({
        name: 'Buy 3 get 2',
        code: 'B3G2',
        active: false,
        startTime: String(START),
        expirationTime: String(END),
        scope,
        buyXGetY: { x: 3, y: 2 },
        limitPerCustomer: 1,
        limitedToOneItem: true,
      }),
    );
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(withNumericTimes).map(contractOf));
  });

  it('coupons.create with a minimum subtotal sends it instead of a scope, as createCoupon does', async () => {
    // Act
    const wixflow = await ours({ name: 'Big cart', code: 'BIG', moneyOffAmount: 15, minimumSubtotal: 100 });
    const wix = await sdkRequests({ coupons }, (c) =>
      c.coupons.createCoupon({
        name: 'Big cart',
        code: 'BIG',
        active: true,
        startTime: String(START),
        minimumSubtotal: 100,
        moneyOffAmount: 15,
      }),
    );
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(withNumericTimes).map(contractOf));
  });

  it('coupons.create for free shipping sends no scope: Wix says such a coupon cannot take one', async () => {
    // Act
    const wixflow = await ours({ name: 'Ship free', code: 'SHIP', freeShipping: true });
    const wix = await sdkRequests({ coupons }, (c) =>
      c.coupons.createCoupon({
        name: 'Ship free',
        code: 'SHIP',
        active: true,
        startTime: String(START),
        freeShipping: true,
      }),
    );
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(withNumericTimes).map(contractOf));
  });

  it('coupons.create refuses free shipping with a scope before calling Wix', () => {
    // Act
    const result = couponsCreate.input.safeParse({
      name: 'Ship free',
      code: 'SHIP',
      freeShipping: true,
      scope: { namespace: 'stores' },
    });
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'scope: a freeShipping coupon applies to everything: omit scope (minimumSubtotal may limit it)',
    ]);
  });

  it('coupons.search sends what queryCoupons sends: filter and sort as JSON strings, offset paging', async () => {
    // Prepare
    const filter = { 'specification.code': 'SUMMER10', expired: false };
    // Act
    const wixflow = await wixflowRequests(couponsSearch, {
      filter,
      sort: 'dateCreated',
      order: 'desc',
      limit: 10,
    });
    const wix = await sdkRequests({ coupons }, (c) =>
      c.coupons.queryCoupons({
        filter: JSON.stringify(filter),
        sort: JSON.stringify([{ dateCreated: 'desc' }]),
        paging: { limit: 10, offset: 0 },
      }),
    );
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('coupons.search asks for the next page as queryCoupons does: the next offset, at most 100 a page', async () => {
    // Prepare: Wix answers full pages of 100 until 150 coupons are gathered.
    const respond = () => ({
      coupons: Array.from({ length: 100 }, (_, i) => ({ id: `c${i}` })),
      totalResults: 500,
    });
    // Act
    const wixflow = await wixflowRequests(couponsSearch, { limit: 150 }, { respond });
    const wix = await sdkRequests({ coupons }, async (c) => {
      await c.coupons.queryCoupons({ paging: { limit: 100, offset: 0 } });
      await c.coupons.queryCoupons({ paging: { limit: 50, offset: 100 } });
    });
    // Assess
    expect(wixflow.map(contractOf)).toEqual(wix.map(contractOf));
  });
});
