import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** Make's "Delete a Product": V1 `DELETE /stores/v1/products/{id}`, or V3 `DELETE /stores/v3/products/{productId}`. */
export const productsDelete = defineModule({
  name: 'products.delete',
  makeModule: 'Delete a Product',
  idempotent: true,
  description: 'Deletes a product (Catalog V1, or V3 on V3 sites).',
  input: moduleInput({ productId: id('the product’s id') }),
  output: '{} — Wix answers an empty object.',
  async run(input, ctx) {
    const remove = (path: string) => async () => (await ctx.wix.request({ method: 'DELETE', path })).body;
    return byCatalog(ctx, {
      V1_CATALOG: remove(`/stores/v1/products/${seg(input.productId)}`),
      V3_CATALOG: remove(`/stores/v3/products/${seg(input.productId)}`),
    });
  },
});
