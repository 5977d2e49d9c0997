import { readFileSync } from 'node:fs';
import * as orders from '@wix/auto_sdk_ecom_orders';
import { describe, expect, it } from 'vitest';
import { ordersGeneratePdfLink } from '#shared/wix/modules/orders/orders-generate-pdf-link.ts';
import { ordersGet } from '#shared/wix/modules/orders/orders-get.ts';
import { ordersSearch } from '#shared/wix/modules/orders/orders-search.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

const ORDER_ID = '5a3e6a4b-0c3e-4b7e-8a3c-2f1d0e9b8a71';

describe('orders modules against Wix’s SDK (@wix/auto_sdk_ecom_orders)', () => {
  it('orders.get sends what getOrder sends', async () => {
    // Prepare
    const input = { orderId: ORDER_ID };
    // Act
    const ours = await wixflowRequests(ordersGet, input);
    const wix = await sdkRequests({ orders }, (c) => c.orders.getOrder(ORDER_ID));
    // Assess: the SDK repeats the path's {id} as `?id=`; Wix routes by the path, so that echo is left out.
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
    expect(wix[0]?.query).toEqual([['id', ORDER_ID]]);
  });

  it('orders.search sends what searchOrders sends: filter, sort and the first page', async () => {
    // Prepare
    const filter = { status: 'APPROVED', paymentStatus: { $in: ['PAID', 'PARTIALLY_PAID'] } };
    const input = { filter, sort: 'number', order: 'desc', limit: 10 };
    // Act
    const ours = await wixflowRequests(ordersSearch, input);
    const wix = await sdkRequests({ orders }, (c) =>
      c.orders.searchOrders({
        filter,
        sort: [{ fieldName: 'number', order: 'DESC' }],
        cursorPaging: { limit: 10 },
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('orders.search asks for the next page as searchOrders does: the cursor alone', async () => {
    // Prepare: Wix answers the first page with a cursor to the next (two orders each).
    const page = (next: string | null) => ({
      orders: [{ id: 'a' }, { id: 'b' }],
      metadata: { hasNext: next !== null, cursors: { next } },
    });
    const respond = (request: { body: unknown }) =>
      JSON.stringify(request.body).includes('"cursor"') ? page(null) : page('CURSOR-2');
    // Act
    const ours = await wixflowRequests(
      ordersSearch,
      { filter: { status: 'APPROVED' }, limit: 4 },
      { respond },
    );
    const wix = await sdkRequests({ orders }, (c) =>
      c.orders.searchOrders({ cursorPaging: { limit: 2, cursor: 'CURSOR-2' } }),
    );
    // Assess: the second request is the SDK's page request (wixflow pages by the module's page size, so the
    // limit is what is still wanted: 2 of 4).
    expect(ours).toHaveLength(2);
    expect(contractOf(ours[1] as (typeof ours)[number])).toEqual(contractOf(wix[0] as (typeof wix)[number]));
  });

  it('orders.search without sort sends no sort, so Wix’s default (newest first) holds, as the SDK does', async () => {
    // Act
    const ours = await wixflowRequests(ordersSearch, { limit: 5 });
    const wix = await sdkRequests({ orders }, (c) => c.orders.searchOrders({ cursorPaging: { limit: 5 } }));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });
});

describe('orders.generatePdfLink against Wix’s REST docs', () => {
  // Wix publishes no SDK method for Generate Orders PDF Link (no @wix/auto_sdk_* package has it); the oracle is
  // the current binding in Wix's REST docs service file, copied to test/fixtures/wix/rest-docs/.
  const doc = JSON.parse(
    readFileSync(
      new URL('../fixtures/wix/rest-docs/print-orders.GenerateOrdersPdfLink.json', import.meta.url),
      'utf8',
    ),
  ) as {
    bindings: { method: string; url: string }[];
    requestExample: { body: { orderIds: string[] } };
  };

  it('sends the documented request: POST /ecom/v1/orders/generatePDF with {orderIds}', async () => {
    // Prepare
    const { orderIds } = doc.requestExample.body;
    const binding = doc.bindings[0] as { method: string; url: string };
    // Act
    const ours = await wixflowRequests(ordersGeneratePdfLink, { orderIds });
    // Assess
    expect(ours.map(contractOf)).toEqual([
      { method: binding.method, path: new URL(binding.url).pathname, query: [], body: { orderIds } },
    ]);
  });
});
