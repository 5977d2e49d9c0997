import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { moduleFailure, seg } from '../failures.ts';

/** Wix Stores' app id, the `appId` of a product in a category (wix-api.md §4.4). */
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

interface BulkItemsAnswer {
  results?: {
    itemMetadata?: {
      itemReference?: { catalogItemId?: string };
      success?: boolean;
      error?: { code?: string; description?: string };
    };
  }[];
}

/** Throws (not retryable) when a bulk add/remove-items answer reports items that failed. */
export function assertBulkItemsSucceeded(body: BulkItemsAnswer, action: string, categoryId: string): void {
  const failed = (body.results ?? []).map((r) => r.itemMetadata).filter((m) => m && m.success === false);
  if (failed.length === 0) return;
  const list = failed
    .map(
      (m) =>
        `${m?.itemReference?.catalogItemId ?? '?'} (${m?.error?.code ?? 'ERROR'}: ${m?.error?.description ?? ''})`,
    )
    .join(', ');
  throw moduleFailure(
    `Wix could not ${action} ${failed.length} of ${body.results?.length ?? 0} products in category ${categoryId}: ${list}`,
    failed[0]?.error?.code ?? 'BULK_ITEM_FAILED',
    body,
  );
}
