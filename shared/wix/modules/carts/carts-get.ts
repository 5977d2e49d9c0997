import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** Make's "Get a Cart" on eCom: `GET /ecom/v1/carts/{cartId}` (Stores carts are gone: docs/wix-behaviour.md#carts). */
export const cartsGet = defineModule({
  name: 'carts.get',
  makeModule: 'Get a Cart',
  idempotent: true,
  description: 'Gets one cart by id (eCom carts).',
  input: moduleInput({ cartId: id('the cart’s id') }),
  output: '{ cart } — the eCom cart, as Wix answers it.',
  async run(input, { wix }) {
    const { body } = await wix.request({ method: 'GET', path: `/ecom/v1/carts/${seg(input.cartId)}` });
    return body;
  },
});
