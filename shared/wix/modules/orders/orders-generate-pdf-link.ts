import { defineModule } from '../action-module.ts';
import { idList, moduleInput } from '../fields.ts';

/** Make's "Generate Orders PDF Link": `POST /ecom/v1/orders/generatePDF` (docs/wix-behaviour.md#orders-pdf). */
export const ordersGeneratePdfLink = defineModule({
  name: 'orders.generatePdfLink',
  makeModule: 'Generate Orders PDF Link',
  idempotent: true,
  description: 'Makes a link to one PDF of the given orders.',
  input: moduleInput({ orderIds: idList('ids of the orders to print', 100, 'order') }),
  output: '{ link } — the URL of the PDF.',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'POST',
      path: '/ecom/v1/orders/generatePDF',
      body: { orderIds: input.orderIds },
    });
    return body;
  },
});
