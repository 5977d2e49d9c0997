import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { isConflict, seg } from '../failures.ts';
import { id, moduleInput, number, text } from '../fields.ts';
import { type ProductInput, productFields } from './product-fields.ts';
import { v1Product } from './v1-product.ts';
import { V3_PRODUCT_EXTRAS, V3_PRODUCT_FIELDS, v3ProductChanges } from './v3-product.ts';

const CHANGEABLE = ['name', 'price', 'description', 'sku', 'weight', 'discount', 'visible'] as const;

/**
 * Make's "Update a Product". Catalog V1: `PATCH /stores/v1/products/{id}` with the fields given. Catalog V3:
 * reads the product (`GET /stores/v3/products/{id}`) for its `revision`, options and variants, then
 * `PATCH /stores/v3/products/{id}` (a price, sku or weight change sends every variant with the options, as Wix
 * requires); on a 409 it reads it again and tries once more.
 */
export const productsUpdate = defineModule({
  name: 'products.update',
  makeModule: 'Update a Product',
  idempotent: true,
  description: 'Changes a product’s name, price, discount, sku, weight, description or visibility.',
  input: moduleInput({
    productId: id('the product’s id'),
    name: text('new name', 80).optional(),
    price: number('new price (every variant on V3 sites)', { min: 0 }).optional(),
    ...productFields,
  }).refine((i) => CHANGEABLE.some((k) => i[k] !== undefined), {
    message: `give at least one field to change: ${CHANGEABLE.join(', ')}`,
    path: ['name'],
  }),
  output: `{ product } — the updated V1 product, or V3 product on V3 sites with its ${V3_PRODUCT_EXTRAS}.`,
  async run(input, ctx) {
    const path = `/stores/v1/products/${seg(input.productId)}`;
    return byCatalog(ctx, {
      V1_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'PATCH',
            path,
            body: { product: { id: input.productId, ...v1Product(input, false) } },
          })
        ).body,
      V3_CATALOG: async () => {
        try {
          return await updateV3(input.productId, input, ctx);
        } catch (error) {
          if (!isConflict(error)) throw error;
          return updateV3(input.productId, input, ctx);
        }
      },
    });
  },
});

async function updateV3(productId: string, input: ProductInput, { wix }: ModuleContext) {
  const path = `/stores/v3/products/${seg(productId)}`;
  const { body: current } = await wix.request<{ product?: Record<string, unknown> }>({ method: 'GET', path });
  const { body } = await wix.request({
    method: 'PATCH',
    path,
    body: { product: v3ProductChanges(input, current.product ?? {}), fields: V3_PRODUCT_FIELDS },
  });
  return body;
}
