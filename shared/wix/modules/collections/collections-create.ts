import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { moduleInput, text } from '../fields.ts';
import { collectionBody, collectionFields } from './collection-fields.ts';
import { STORES_TREE, withCollectionAlias } from './stores-tree.ts';

/** Make's "Create a Collection": V1 `POST /stores/v1/collections`, or V3 `POST /categories/v1/categories`. */
export const collectionsCreate = defineModule({
  name: 'collections.create',
  makeModule: 'Create a Collection',
  description: 'Creates a collection (a category on Catalog V3 sites).',
  input: moduleInput({
    name: text('the collection’s name (at most 50 characters on Catalog V1 sites)', 80),
    ...collectionFields,
  }),
  output:
    '{ collection } — the new V1 collection; on V3 sites { category, collection } (the same new category).',
  async run(input, ctx) {
    const fields = collectionBody(input, ['name', 'description', 'visible', 'slug']);
    return byCatalog(ctx, {
      V1_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'POST',
            path: '/stores/v1/collections',
            body: { collection: fields },
          })
        ).body,
      V3_CATALOG: async () =>
        withCollectionAlias(
          (
            await ctx.wix.request<{ category?: { id?: string } }>({
              method: 'POST',
              path: '/categories/v1/categories',
              body: { category: fields, treeReference: STORES_TREE, fields: ['DESCRIPTION'] },
            })
          ).body,
        ),
    });
  },
});
