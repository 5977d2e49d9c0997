import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** Make's "Get an Order" on eCom: `GET /ecom/v1/orders/{orderId}`. */
export const ordersGet = defineModule({
  name: 'orders.get',
  makeModule: 'Get an Order',
  idempotent: true,
  description: 'Gets one order by id (eCom orders).',
  input: moduleInput({ orderId: id('the order’s id') }),
  output: '{ order } — the eCom order, as Wix answers it.',
  async run(input, { wix }) {
    const { body } = await wix.request({ method: 'GET', path: `/ecom/v1/orders/${seg(input.orderId)}` });
    return body;
  },
});
