import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { moduleFailure } from '../failures.ts';

/** Wix's variant id of a V1 product without options (its only variant). */
export const V1_DEFAULT_VARIANT_ID = '00000000-0000-0000-0000-000000000000';

export interface V3InventoryItem {
  id?: string;
  revision?: string;
  productId?: string;
  variantId?: string;
  locationId?: string | null;
  [key: string]: unknown;
}

/**
 * The one Catalog V3 inventory item of a product's variant (`POST /stores/v3/inventory-items/query`, the
 * fallback Wix's SDK uses for its GET form). Without a variant the product must have a single item. Throws a
 * non-retryable failure when none or several match.
 */
export async function v3InventoryItem(
  wix: WixApi,
  productId: string,
  variantId: string | undefined,
): Promise<V3InventoryItem> {
  // Two conditions joined with $and, as Wix's SDK query builder sends them.
  const filter = variantId === undefined ? { productId } : { $and: [{ productId }, { variantId }] };
  const { body } = await wix.request<{ inventoryItems?: V3InventoryItem[] }>({
    method: 'POST',
    path: '/stores/v3/inventory-items/query',
    body: { query: { filter, cursorPaging: { limit: 2 } } },
  });
  const items = body.inventoryItems ?? [];
  const what =
    variantId === undefined ? `product ${productId}` : `variant ${variantId} of product ${productId}`;
  if (items.length === 0 || items[0]?.id === undefined)
    throw moduleFailure(`no inventory item for ${what}`, 'INVENTORY_ITEM_NOT_FOUND');
  if (items.length > 1)
    throw moduleFailure(
      `${what} has several inventory items (variants or locations); give variantId`,
      'AMBIGUOUS_INVENTORY_ITEM',
    );
  return items[0];
}

/** Throws when a V3 bulk inventory call answers a failed item (Wix answers 200 with per-item errors). */
export function assertBulkSucceeded(body: {
  results?: { itemMetadata?: { success?: boolean; error?: { code?: string; description?: string } } }[];
}): void {
  const failed = (body.results ?? []).find((r) => r.itemMetadata?.success === false);
  if (failed)
    throw moduleFailure(
      `Wix did not change the stock: ${failed.itemMetadata?.error?.description ?? 'unknown error'}`,
      failed.itemMetadata?.error?.code ?? 'INVENTORY_UPDATE_FAILED',
      failed.itemMetadata?.error,
    );
}
