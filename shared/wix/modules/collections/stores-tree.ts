import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { moduleFailure, seg } from '../failures.ts';

/** Wix Stores' app id, the `appId` of a product in a category (docs/wix-behaviour.md#categories). */
export const WIX_STORES_APP_ID = '215238eb-22a5-4c36-9e7b-e7c08025e04e';
/** The Stores category tree, sent with every Categories call (in the body, or as query parameters on GET/DELETE). */
export const STORES_TREE = { appNamespace: '@wix/stores' } as const;
export const STORES_TREE_QUERY = { 'treeReference.appNamespace': STORES_TREE.appNamespace } as const;

export interface Category {
  id?: string;
  revision?: string;
  [key: string]: unknown;
}

/**
 * A Categories answer `{category}` also given under `collection`, so `steps.x.collection.id` works on
 * Catalog V1 and V3 sites alike.
 */
export const withCollectionAlias = (body: { category?: Category }) => ({
  ...body,
  collection: body.category,
});

/** `GET /categories/v1/categories/{id}` with the description (Get Category returns it only when asked). */
export async function getCategory(wix: WixApi, categoryId: string): Promise<{ category?: Category }> {
  const { body } = await wix.request<{ category?: Category }>({
    method: 'GET',
    path: `/categories/v1/categories/${seg(categoryId)}`,
    query: { ...STORES_TREE_QUERY, fields: 'DESCRIPTION' },
  });
  return body;
}

interface ItemReference {
  catalogItemId?: string;
  appId?: string;
}

/** Categories' bulk add/remove-items answer (`@wix/auto_sdk_categories_categories` BulkItemsToCategoryResult). */
interface BulkItemsAnswer {
  results?: {
    itemMetadata?: {
      item?: ItemReference;
      /** The key an older Wix doc example showed for `item`; still read. */
      itemReference?: ItemReference;
      originalIndex?: number;
      success?: boolean;
      error?: { code?: string; description?: string };
    };
  }[];
  bulkActionMetadata?: { undetailedFailures?: number };
}

/**
 * Throws (not retryable) when a bulk add/remove-items answer reports items that failed, naming each refused
 * product: the answer's `item` (or older `itemReference`), else the request's product at `originalIndex`.
 */
export function assertBulkItemsSucceeded(
  body: BulkItemsAnswer,
  request: { action: string; categoryId: string; productIds: readonly string[] },
): void {
  const results = body.results ?? [];
  const failed = results.map((r) => r.itemMetadata).filter((m) => m?.success === false);
  const undetailed = body.bulkActionMetadata?.undetailedFailures ?? 0;
  if (failed.length === 0 && undetailed === 0) return;
  const productOf = (m: (typeof failed)[number]) =>
    m?.item?.catalogItemId ??
    m?.itemReference?.catalogItemId ??
    (m?.originalIndex === undefined ? undefined : request.productIds[m.originalIndex]) ??
    'an unnamed product';
  const list = failed
    .map(
      (m) =>
        `${productOf(m)} (${m?.error?.code ?? 'ERROR'}${m?.error?.description ? `: ${m.error.description}` : ''})`,
    )
    .concat(undetailed > 0 ? [`${undetailed} more Wix gave no details for`] : [])
    .join(', ');
  throw moduleFailure(
    `Wix could not ${request.action} ${failed.length + undetailed} of ${request.productIds.length} products in category ${request.categoryId}: ${list}`,
    failed[0]?.error?.code ?? 'BULK_ITEM_FAILED',
    body,
  );
}
