import * as categories from '@wix/auto_sdk_categories_categories';
// The REST (wire) shape of Wix's answer, as the package's meta export declares it.
import type { BulkAddItemsToCategoryResponseOriginal as BulkAddItemsToCategoryResponse } from '@wix/auto_sdk_categories_categories/meta';
import { describe, expect, it } from 'vitest';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { defineModule } from '#shared/wix/modules/action-module.ts';
import { collectionsDelete } from '#shared/wix/modules/collections/collections-delete.ts';
import { collectionsGet } from '#shared/wix/modules/collections/collections-get.ts';
import {
  collectionsAddProducts,
  collectionsRemoveProducts,
} from '#shared/wix/modules/collections/collections-products.ts';
import { WIX_STORES_APP_ID } from '#shared/wix/modules/collections/stores-tree.ts';
import {
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

const CATEGORY_ID = 'ca7e0000-0000-4000-8000-000000000001';
const [GOOD, MISSING, HIDDEN] = [
  'd0000000-0000-4000-8000-000000000001',
  'd0000000-0000-4000-8000-000000000002',
  'd0000000-0000-4000-8000-000000000003',
];
const TREE = { appNamespace: '@wix/stores' };
const itemsOf = (ids: string[]) => ids.map((catalogItemId) => ({ catalogItemId, appId: WIX_STORES_APP_ID }));

/** Drops the `categoryId` the SDK echoes from the path into the bulk body (its envelope; Wix routes by the path). */
const withoutBodyEcho = (request: WireRequest): WireRequest => {
  const { categoryId, ...body } = request.body as { categoryId?: string };
  expect(categoryId).toBe(CATEGORY_ID);
  return { ...request, body };
};

/** Runs a module against a canned answer, keeping what it threw. */
async function failureOf(module: typeof collectionsAddProducts, productIds: string[], answer: unknown) {
  let failure: unknown;
  const keeping = defineModule({
    ...module,
    run: (input, ctx) =>
      module.run(input, ctx).catch((error: unknown) => {
        failure = error;
      }),
  });
  await wixflowRequests(keeping, { collectionId: CATEGORY_ID, productIds }, { respond: () => answer });
  if (!(failure instanceof WixApiError)) throw new Error(`expected a WixApiError, got ${String(failure)}`);
  return failure;
}

describe('collections modules on Catalog V3 against Wix’s Categories SDK', () => {
  it('collections.addProducts and removeProducts send what bulkAdd/RemoveItems…Category send', async () => {
    // Prepare
    const input = { collectionId: CATEGORY_ID, productIds: [GOOD, MISSING] };
    // Act
    const ours = [
      ...(await wixflowRequests(collectionsAddProducts, input)),
      ...(await wixflowRequests(collectionsRemoveProducts, input)),
    ];
    const wix = await sdkRequests({ categories }, async (c) => {
      await c.categories.bulkAddItemsToCategory(CATEGORY_ID, itemsOf([GOOD, MISSING]), {
        treeReference: TREE,
      });
      await c.categories.bulkRemoveItemsFromCategory(CATEGORY_ID, itemsOf([GOOD, MISSING]), {
        treeReference: TREE,
      });
    });
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutBodyEcho).map(contractOf));
  });

  it('collections.get and delete pass the tree as query parameters, as getCategory and deleteCategory do', async () => {
    // Act
    const ours = [
      ...(await wixflowRequests(collectionsGet, { collectionId: CATEGORY_ID })),
      ...(await wixflowRequests(collectionsDelete, { collectionId: CATEGORY_ID })),
    ];
    const wix = await sdkRequests({ categories }, async (c) => {
      await c.categories.getCategory(CATEGORY_ID, TREE, { fields: ['DESCRIPTION'] }).catch(() => undefined);
      await c.categories.deleteCategory(CATEGORY_ID, TREE);
    });
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });

  it('a partial failure in Wix’s answer (itemMetadata.item) names each refused product, and only those', async () => {
    // Prepare
    const answer: BulkAddItemsToCategoryResponse = {
      results: [
        { itemMetadata: { item: itemsOf([GOOD])[0], originalIndex: 0, success: true } },
        {
          itemMetadata: {
            item: itemsOf([MISSING])[0],
            originalIndex: 1,
            success: false,
            error: { code: 'ITEM_NOT_FOUND', description: 'Item not found' },
          },
        },
        {
          itemMetadata: {
            item: itemsOf([HIDDEN])[0],
            originalIndex: 2,
            success: false,
            error: { code: 'ITEM_NOT_FOUND', description: 'Item not found' },
          },
        },
      ],
      bulkActionMetadata: { totalSuccesses: 1, totalFailures: 2, undetailedFailures: 0 },
    };
    // Act
    const failure = await failureOf(collectionsAddProducts, [GOOD, MISSING, HIDDEN], answer);
    // Assess
    expect(failure).toMatchObject({ code: 'ITEM_NOT_FOUND', retryable: false });
    expect(failure.message).toBe(
      `Wix could not add 2 of 3 products in category ${CATEGORY_ID}: ` +
        `${MISSING} (ITEM_NOT_FOUND: Item not found), ${HIDDEN} (ITEM_NOT_FOUND: Item not found)`,
    );
  });

  it('names a refused product from the older itemReference key, or from its originalIndex, and counts undetailed failures', async () => {
    // Prepare
    const answer = {
      results: [
        { itemMetadata: { itemReference: itemsOf([GOOD])[0], originalIndex: 0, success: false } },
        { itemMetadata: { originalIndex: 1, success: false, error: { code: 'ITEM_NOT_FOUND' } } },
      ],
      bulkActionMetadata: { totalSuccesses: 0, totalFailures: 3, undetailedFailures: 1 },
    };
    // Act
    const failure = await failureOf(collectionsRemoveProducts, [GOOD, MISSING, HIDDEN], answer);
    // Assess
    expect(failure.message).toBe(
      `Wix could not remove 3 of 3 products in category ${CATEGORY_ID}: ` +
        `${GOOD} (ERROR), ${MISSING} (ITEM_NOT_FOUND), 1 more Wix gave no details for`,
    );
  });
});
