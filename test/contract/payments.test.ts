import * as transactions from '@wix/auto_sdk_ecom_order-transactions';
import { describe, expect, it } from 'vitest';
import { paymentsGet } from '#shared/wix/modules/payments/payments-get.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

describe('payments modules against Wix’s SDK (@wix/auto_sdk_ecom_order-transactions)', () => {
  it('payments.get sends what listTransactionsForSingleOrder sends', async () => {
    // Prepare
    const orderId = '5a3e6a4b-0c3e-4b7e-8a3c-2f1d0e9b8a71';
    // Act
    const ours = await wixflowRequests(paymentsGet, { orderId });
    const wix = await sdkRequests({ transactions }, (c) =>
      c.transactions.listTransactionsForSingleOrder(orderId),
    );
    // Assess: the SDK repeats the path's {orderId} as a query parameter; Wix routes by the path.
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });
});
