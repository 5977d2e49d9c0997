import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { id, moduleInput, number } from '../fields.ts';
import { assertBulkSucceeded, V1_DEFAULT_VARIANT_ID, v3InventoryItem } from './inventory-items.ts';

/**
 * Changes a variant's tracked quantity by an amount. Catalog V1: `POST /stores/v2/inventoryItems/increment` or
 * `/decrement`. Catalog V3: finds the variant's inventory item, then `POST /stores/v3/bulk/inventory-items/increment`
 * or `/decrement`.
 */
export const inventoryAdjust = defineModule({
  name: 'inventory.adjust',
  makeModule: '(not in Make) Adjust Inventory',
  description:
    'Adds units to (or, with a negative amount, takes units from) a variant’s tracked stock (Manage Products scope).',
  input: moduleInput({
    productId: id('the product’s id'),
    variantId: id('the variant’s id; omit for a product without options').optional(),
    by: number('units to add; negative to take away (not 0)', {
      min: -99_999,
      max: 99_999,
      int: true,
    }).refine((n) => n !== 0, 'must not be 0'),
  }),
  output: '{} on Catalog V1 (Wix answers nothing); { results } on V3.',
  async run(input, ctx) {
    const increment = input.by > 0;
    const amount = Math.abs(input.by);
    return byCatalog(ctx, {
      V1_CATALOG: async () => {
        const entry = { productId: input.productId, variantId: input.variantId ?? V1_DEFAULT_VARIANT_ID };
        const { body } = await ctx.wix.request({
          method: 'POST',
          path: `/stores/v2/inventoryItems/${increment ? 'increment' : 'decrement'}`,
          body: increment
            ? { incrementData: [{ ...entry, incrementBy: amount }] }
            : { decrementData: [{ ...entry, decrementBy: amount }] },
        });
        return body;
      },
      V3_CATALOG: async () => {
        const item = await v3InventoryItem(ctx.wix, input.productId, input.variantId);
        const { body } = await ctx.wix.request<Parameters<typeof assertBulkSucceeded>[0]>({
          method: 'POST',
          path: `/stores/v3/bulk/inventory-items/${increment ? 'increment' : 'decrement'}`,
          body: increment
            ? { incrementData: [{ inventoryItemId: item.id, incrementBy: amount }], returnEntity: true }
            : { decrementData: [{ inventoryItemId: item.id, decrementBy: amount }], returnEntity: true },
        });
        assertBulkSucceeded(body);
        return body;
      },
    });
  },
});
