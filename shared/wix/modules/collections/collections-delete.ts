import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';
import { STORES_TREE_QUERY } from './stores-tree.ts';

/**
 * Make's "Delete a Collection": V1 `DELETE /stores/v1/collections/{id}`, or V3
 * `DELETE /categories/v1/categories/{id}?treeReference.appNamespace=@wix/stores` (subcategories go too).
 */
export const collectionsDelete = defineModule({
  name: 'collections.delete',
  makeModule: 'Delete a Collection',
  idempotent: true,
  description: 'Deletes a collection (a category and its subcategories on Catalog V3 sites); products stay.',
  input: moduleInput({ collectionId: id('the collection’s (or V3 category’s) id') }),
  output: '{} — Wix answers an empty object.',
  async run(input, ctx) {
    return byCatalog(ctx, {
      V1_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'DELETE',
            path: `/stores/v1/collections/${seg(input.collectionId)}`,
          })
        ).body,
      V3_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'DELETE',
            path: `/categories/v1/categories/${seg(input.collectionId)}`,
            query: STORES_TREE_QUERY,
          })
        ).body,
    });
  },
});
