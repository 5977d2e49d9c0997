import { defineModule } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';
import { getCategory, withCollectionAlias } from './stores-tree.ts';

/** Make's "Get a Collection": V1 `GET /stores/v1/collections/{id}`, or V3 `GET /categories/v1/categories/{id}`. */
export const collectionsGet = defineModule({
  name: 'collections.get',
  makeModule: 'Get a Collection',
  idempotent: true,
  description: 'Gets one collection by id (a category on Catalog V3 sites).',
  input: moduleInput({ collectionId: id('the collection’s (or V3 category’s) id') }),
  output:
    '{ collection } — the V1 collection (with numberOfProducts); on V3 sites { category, collection } (the same category).',
  async run(input, ctx) {
    return byCatalog(ctx, {
      V1_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'GET',
            path: `/stores/v1/collections/${seg(input.collectionId)}`,
            query: { includeNumberOfProducts: true },
          })
        ).body,
      V3_CATALOG: async () => withCollectionAlias(await getCategory(ctx.wix, input.collectionId)),
    });
  },
});
