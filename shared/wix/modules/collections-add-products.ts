import { z } from 'zod';
import { defineModule } from './action-module.ts';

const Id = z.string().trim().min(1, 'must be a non-empty id');

/** Make's "Add Products to Collection": `POST /stores/v1/collections/{id}/productIds` (Stores Catalog V1). */
export const collectionsAddProducts = defineModule({
  name: 'collections.addProducts',
  makeModule: 'Add Products to Collection',
  description: 'Adds products to a Wix Stores collection.',
  input: z.strictObject({
    collectionId: Id,
    productIds: z
      .array(Id)
      .min(1, 'must list at least one product id')
      .max(100, 'takes at most 100 product ids'),
  }),
  output: 'Wix answers an empty object.',
  async run(input, { wix }) {
    const response = await wix.request({
      method: 'POST',
      path: `/stores/v1/collections/${encodeURIComponent(input.collectionId)}/productIds`,
      body: { productIds: input.productIds },
    });
    return response.body;
  },
});
