import type { z } from 'zod';
import { type ActionModule, defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { id, idList, moduleInput } from '../fields.ts';
import { assertBulkItemsSucceeded, STORES_TREE, WIX_STORES_APP_ID } from './stores-tree.ts';

const input = moduleInput({
  collectionId: id('the collection’s (or V3 category’s) id'),
  productIds: idList('ids of the products (1 to 100)', 100, 'product'),
});

/** Add or remove products: V1 `…/productIds` (or `…/productIds/delete`), V3 bulk add-items / remove-items. */
function collectionProducts(adding: boolean): ActionModule<typeof input> {
  return defineModule({
    name: adding ? 'collections.addProducts' : 'collections.removeProducts',
    makeModule: adding ? 'Add Products to Collection' : 'Remove Products from Collection',
    idempotent: true,
    description: adding
      ? 'Adds products to a collection (to a category on Catalog V3 sites).'
      : 'Removes products from a collection (from a category on Catalog V3 sites).',
    input,
    output:
      '{} on V1 sites; on V3 sites Wix’s { results, bulkActionMetadata }. Fails (not retried) when Wix reports a product it could not ' +
      (adding ? 'add.' : 'remove.'),
    async run(values: z.output<typeof input>, ctx) {
      const collection = seg(values.collectionId);
      return byCatalog(ctx, {
        V1_CATALOG: async () =>
          (
            await ctx.wix.request({
              method: 'POST',
              path: `/stores/v1/collections/${collection}/productIds${adding ? '' : '/delete'}`,
              body: { productIds: values.productIds },
            })
          ).body,
        V3_CATALOG: async () => {
          const { body } = await ctx.wix.request<Parameters<typeof assertBulkItemsSucceeded>[0]>({
            method: 'POST',
            path: `/categories/v1/bulk/categories/${collection}/${adding ? 'add-items' : 'remove-items'}`,
            body: {
              items: values.productIds.map((catalogItemId) => ({ catalogItemId, appId: WIX_STORES_APP_ID })),
              treeReference: STORES_TREE,
            },
          });
          assertBulkItemsSucceeded(body, {
            action: adding ? 'add' : 'remove',
            categoryId: values.collectionId,
            productIds: values.productIds,
          });
          return body;
        },
      });
    },
  });
}

/** Make's "Add Products to Collection". */
export const collectionsAddProducts = collectionProducts(true);
/** Make's "Remove Products from Collection". */
export const collectionsRemoveProducts = collectionProducts(false);
