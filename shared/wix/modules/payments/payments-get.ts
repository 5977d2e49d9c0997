import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** An order's payments and refunds: `GET /ecom/v1/payments/orders/{orderId}` (eCom Order Transactions). */
export const paymentsGet = defineModule({
  name: 'payments.get',
  makeModule: '(not in Make) Get an Order’s Payments',
  idempotent: true,
  description: 'Gets the payments and refunds of one order (eCom order transactions; Read Payments scope).',
  input: moduleInput({ orderId: id('the order’s id') }),
  output: '{ orderTransactions: { orderId, payments[], refunds[] } }, as Wix answers it.',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'GET',
      path: `/ecom/v1/payments/orders/${seg(input.orderId)}`,
    });
    return body;
  },
});
