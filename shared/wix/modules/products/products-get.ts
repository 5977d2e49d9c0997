import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';
import { V3_PRODUCT_EXTRAS, V3_PRODUCT_FIELDS } from './v3-product.ts';

/**
 * Make's "Get a Product": V1 `GET /stores/v1/products/{id}`, or V3 `GET /stores/v3/products/{productId}` asking
 * for the fields of V3_PRODUCT_FIELDS.
 */
export const productsGet = defineModule({
  name: 'products.get',
  makeModule: 'Get a Product',
  idempotent: true,
  description: 'Gets one product by id (Catalog V1, or V3 on V3 sites).',
  input: moduleInput({ productId: id('the product’s id') }),
  output: `{ product } — the V1 product, or the V3 product on V3 sites with its ${V3_PRODUCT_EXTRAS}.`,
  async run(input, ctx) {
    const get = (path: string, query?: { fields: readonly string[] }) => async () =>
      (await ctx.wix.request({ method: 'GET', path, query })).body;
    return byCatalog(ctx, {
      V1_CATALOG: get(`/stores/v1/products/${seg(input.productId)}`),
      V3_CATALOG: get(`/stores/v3/products/${seg(input.productId)}`, { fields: V3_PRODUCT_FIELDS }),
    });
  },
});
