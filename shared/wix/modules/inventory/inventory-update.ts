import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { isConflict, seg } from '../failures.ts';
import { boolean, id, moduleInput, number } from '../fields.ts';
import { V1_DEFAULT_VARIANT_ID, v3InventoryItem } from './inventory-items.ts';

interface StockInput {
  productId: string;
  variantId?: string | undefined;
  quantity?: number | undefined;
  inStock?: boolean | undefined;
}

/** The stock to set: a tracked quantity, or an untracked in/out of stock. */
const stock = (input: StockInput) =>
  input.quantity === undefined ? { inStock: input.inStock } : { quantity: input.quantity };

async function updateV3(input: StockInput, { wix }: ModuleContext) {
  const item = await v3InventoryItem(wix, input.productId, input.variantId);
  const { body } = await wix.request({
    method: 'PATCH',
    path: `/stores/v3/inventory-items/${seg(String(item.id))}`,
    body: { inventoryItem: { id: item.id, revision: item.revision, ...stock(input) } },
  });
  return body;
}

/**
 * Sets a variant's stock. Catalog V1: `PATCH /stores/v2/inventoryItems/product/{productId}` (a quantity turns
 * quantity tracking on, `inStock` turns it off). Catalog V3: finds the variant's inventory item, then
 * `PATCH /stores/v3/inventory-items/{id}` with its `revision`; on a 409 reads it again and tries once more.
 */
export const inventoryUpdate = defineModule({
  name: 'inventory.update',
  makeModule: '(not in Make) Update Inventory',
  idempotent: true,
  description:
    'Sets a product variant’s stock to a quantity, or in/out of stock (Manage Products scope; Catalog V1 or V3).',
  input: moduleInput({
    productId: id('the product’s id'),
    variantId: id('the variant’s id; omit for a product without options').optional(),
    quantity: number('units in stock (tracks the quantity)', { min: 0, max: 99_999, int: true }).optional(),
    inStock: boolean('in stock or not, without tracking a quantity').optional(),
  }).refine((i) => (i.quantity === undefined) !== (i.inStock === undefined), {
    message: 'give exactly one of quantity or inStock',
    path: ['quantity'],
  }),
  output: '{} on Catalog V1 (Wix answers nothing); { inventoryItem } on V3.',
  async run(input, ctx) {
    return byCatalog(ctx, {
      V1_CATALOG: async () => {
        const { body } = await ctx.wix.request({
          method: 'PATCH',
          path: `/stores/v2/inventoryItems/product/${seg(input.productId)}`,
          body: {
            inventoryItem: {
              productId: input.productId,
              trackQuantity: input.quantity !== undefined,
              variants: [{ variantId: input.variantId ?? V1_DEFAULT_VARIANT_ID, ...stock(input) }],
            },
          },
        });
        return body;
      },
      V3_CATALOG: async () => {
        try {
          return await updateV3(input, ctx);
        } catch (error) {
          if (!isConflict(error)) throw error;
          return updateV3(input, ctx);
        }
      },
    });
  },
});
