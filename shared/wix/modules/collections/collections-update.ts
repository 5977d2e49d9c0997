import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { isConflict, seg } from '../failures.ts';
import { id, moduleInput, text } from '../fields.ts';
import { type CollectionFieldsInput, collectionBody, collectionFields } from './collection-fields.ts';
import { type Category, getCategory, STORES_TREE, withCollectionAlias } from './stores-tree.ts';

/**
 * Make's "Update a Collection": V1 `PATCH /stores/v1/collections/{id}`. On V3 sites: reads the category's
 * revision, `PATCH /categories/v1/categories/{id}` for name/description/slug and, for `visible`,
 * `PATCH /categories/v1/categories/visibility` (the only way Wix lets a category's visibility change);
 * on a 409 it reads the fresh revision and tries once more.
 */
export const collectionsUpdate = defineModule({
  name: 'collections.update',
  makeModule: 'Update a Collection',
  idempotent: true,
  description:
    'Changes a collection’s name, description, visibility or slug (a category on Catalog V3 sites).',
  input: moduleInput({
    collectionId: id('the collection’s (or V3 category’s) id'),
    name: text('new name (at most 50 characters on Catalog V1 sites)', 80).optional(),
    ...collectionFields,
  }).refine(
    (i) => ['name', 'description', 'visible', 'slug'].some((k) => i[k as keyof typeof i] !== undefined),
    {
      message: 'give at least one field to change: name, description, visible or slug',
      path: ['name'],
    },
  ),
  output:
    '{ collection } — the updated V1 collection; on V3 sites { category, collection } (the same category).',
  async run(input, ctx) {
    return byCatalog(ctx, {
      V1_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'PATCH',
            path: `/stores/v1/collections/${seg(input.collectionId)}`,
            body: { collection: collectionBody(input, ['name', 'description', 'visible', 'slug']) },
          })
        ).body,
      V3_CATALOG: async () => {
        try {
          return await updateCategory(input.collectionId, input, ctx);
        } catch (error) {
          if (!isConflict(error)) throw error;
          return updateCategory(input.collectionId, input, ctx);
        }
      },
    });
  },
});

async function updateCategory(categoryId: string, input: CollectionFieldsInput, { wix }: ModuleContext) {
  let category: Category | undefined = (await getCategory(wix, categoryId)).category;
  const changes = collectionBody(input, ['name', 'description', 'slug']);
  if (Object.keys(changes).length > 0) {
    const { body } = await wix.request<{ category?: Category }>({
      method: 'PATCH',
      path: `/categories/v1/categories/${seg(categoryId)}`,
      body: {
        category: { revision: category?.revision, ...changes },
        treeReference: STORES_TREE,
        fields: ['DESCRIPTION'],
      },
    });
    category = body.category;
  }
  if (input.visible !== undefined && input.visible !== category?.visible) {
    const { body } = await wix.request<{ category?: Category }>({
      method: 'PATCH',
      path: '/categories/v1/categories/visibility',
      body: {
        categoryId,
        visible: input.visible,
        treeReference: STORES_TREE,
        revision: category?.revision,
        fields: ['DESCRIPTION'],
      },
    });
    category = body.category;
  }
  return withCollectionAlias({ category });
}
