import { requireCatalog } from '../catalog.ts';
import { DEFAULT_VARIANT_ID, domainsOf } from '../domains.ts';
import { invalidField } from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import { bumpRevision, existing, modernQueryPage, requireRevision } from '../modern-query.ts';
import { readWholeNumber } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const MAX_QUANTITY = 99_999;

/** Keeps the V1 product's own `stock` summary in line with its inventory item (what Get Product shows). */
function syncProductStock(ctx: ApiContext, item: Entity): void {
  const product = ctx.site.products.get(String(item.productId));
  if (!product) return;
  const variants = asEntities(item.variants);
  const tracked = item.trackQuantity === true;
  const quantity = variants.reduce((sum, v) => sum + Number(v.quantity ?? 0), 0);
  const inStock = tracked ? quantity > 0 : variants.some((v) => v.inStock === true);
  product.stock = {
    trackInventory: tracked,
    ...(tracked ? { quantity } : {}),
    inStock,
    inventoryStatus: inStock ? 'IN_STOCK' : 'OUT_OF_STOCK',
  };
  product.lastUpdated = ctx.now.toISOString();
}

const v1Item = (ctx: ApiContext, productId: string | undefined, field: string): Entity => {
  const item = productId === undefined ? undefined : domainsOf(ctx.site).inventoryV1.get(productId);
  if (!item) throw invalidField(field, `no inventory item for product ${String(productId)}`);
  return item;
};

const v1Variant = (item: Entity, variantId: unknown, field: string): Entity => {
  const variant = asEntities(item.variants).find((v) => v.variantId === (variantId ?? DEFAULT_VARIANT_ID));
  if (!variant)
    throw invalidField(field, `product ${String(item.productId)} has no variant ${String(variantId)}`);
  return variant;
};

const readQuantity = (value: unknown, field: string, min: number): number =>
  readWholeNumber(value, field, min, MAX_QUANTITY);

/** `PATCH /stores/v2/inventoryItems/product/{productId}`: sets variants' quantity or inStock; answers `{}`. */
function updateInventoryVariants(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V1_CATALOG');
  existing(ctx.site.products, ctx.params.productId, 'Product');
  const body = asEntity(ctx.body);
  if (body.inventoryItem === undefined)
    throw invalidField('inventoryItem', 'inventoryItem is required', 'REQUIRED_FIELD');
  const changes = asEntity(body.inventoryItem);
  const item = v1Item(ctx, ctx.params.productId, 'inventoryItem.productId');
  if (changes.trackQuantity !== undefined) item.trackQuantity = changes.trackQuantity === true;
  asEntities(changes.variants).forEach((change, i) => {
    const variant = v1Variant(item, change.variantId, `inventoryItem.variants[${i}].variantId`);
    if (change.quantity !== undefined) {
      variant.quantity = readQuantity(change.quantity, `inventoryItem.variants[${i}].quantity`, 0);
      variant.inStock = Number(variant.quantity) > 0;
    } else if (change.inStock !== undefined) {
      variant.inStock = change.inStock === true;
      delete variant.quantity;
    }
  });
  item.lastUpdated = ctx.now.toISOString();
  syncProductStock(ctx, item);
  return { body: {} };
}

/** `POST /stores/v2/inventoryItems/increment|decrement`: tracked quantities only; answers `{}`. */
const changeV1 = (direction: 'increment' | 'decrement') => (ctx: ApiContext) => {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const dataField = `${direction}Data`;
  const data = asEntities(asEntity(ctx.body)[dataField]);
  if (data.length === 0)
    throw invalidField(dataField, `${dataField} must list at least one item`, 'REQUIRED_FIELD');
  const changes = data.map((entry, i) => {
    const item = v1Item(ctx, String(entry.productId ?? entry.inventoryId), `${dataField}[${i}].productId`);
    const variant = v1Variant(item, entry.variantId, `${dataField}[${i}].variantId`);
    const by = readQuantity(entry[`${direction}By`], `${dataField}[${i}].${direction}By`, 1);
    if (item.trackQuantity !== true)
      throw invalidField(`${dataField}[${i}]`, `product ${String(item.productId)} does not track quantities`);
    return { item, variant, by: direction === 'increment' ? by : -by };
  });
  for (const { item, variant, by } of changes) {
    variant.quantity = Number(variant.quantity ?? 0) + by;
    variant.inStock = Number(variant.quantity) > 0;
    item.lastUpdated = ctx.now.toISOString();
    syncProductStock(ctx, item);
  }
  return { body: {} };
};

const v3Items = (ctx: ApiContext) => domainsOf(ctx.site).inventoryV3;

/** Query Inventory Items (V3): the POST form, or the SDK's GET with the query as base64url JSON in `.r`. */
function queryInventoryItems(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V3_CATALOG');
  let request = asEntity(ctx.body);
  const encoded = ctx.query.get('.r');
  if (encoded !== null) {
    try {
      request = asEntity(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    } catch {
      throw invalidField('.r', 'must be base64url-encoded JSON', 'FORMAT');
    }
  }
  const { items, pagingMetadata } = modernQueryPage([...v3Items(ctx).values()], request.query, {
    field: 'query',
    defaultLimit: 100,
    maxLimit: 1000,
  });
  return { body: { inventoryItems: items, pagingMetadata } };
}

/** `PATCH /stores/v3/inventory-items/{id}`: current `revision` required; `quantity` or `inStock`. */
function updateInventoryItem(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V3_CATALOG');
  const item = existing(v3Items(ctx), ctx.params.id, 'InventoryItem');
  const changes = asEntity(asEntity(ctx.body).inventoryItem);
  requireRevision(item, changes.revision, 'inventoryItem.revision', 'REVISION_MISMATCH');
  if (changes.quantity !== undefined && changes.inStock !== undefined)
    throw invalidField('inventoryItem.quantity', 'give quantity or inStock, not both');
  if (changes.quantity !== undefined) {
    item.quantity = readQuantity(changes.quantity, 'inventoryItem.quantity', 0);
    item.trackQuantity = true;
    delete item.inStock;
  } else if (changes.inStock !== undefined) {
    item.inStock = changes.inStock === true;
    item.trackQuantity = false;
    delete item.quantity;
  }
  const available = item.trackQuantity === true ? Number(item.quantity) > 0 : item.inStock === true;
  item.availabilityStatus = available ? 'IN_STOCK' : 'OUT_OF_STOCK';
  bumpRevision(item, ctx.now);
  return { body: { inventoryItem: structuredClone(item) } };
}

/** Bulk increment/decrement (V3): a result per item, failed ones with `success: false` and an error. */
const changeV3 = (direction: 'increment' | 'decrement') => (ctx: ApiContext) => {
  requireCatalog(ctx.site, 'V3_CATALOG');
  const body = asEntity(ctx.body);
  const dataField = `${direction}Data`;
  const data = asEntities(body[dataField]);
  if (data.length === 0)
    throw invalidField(dataField, `${dataField} must list at least one item`, 'REQUIRED_FIELD');
  let failures = 0;
  const results = data.map((entry, originalIndex) => {
    const id = String(entry.inventoryItemId);
    const by = readQuantity(entry[`${direction}By`], `${dataField}[${originalIndex}].${direction}By`, 1);
    const item = v3Items(ctx).get(id);
    const error = !item
      ? { code: 'NOT_FOUND', description: `inventory item ${id} not found` }
      : item.trackQuantity !== true
        ? { code: 'INVENTORY_NOT_TRACKED', description: `inventory item ${id} does not track quantities` }
        : undefined;
    if (error || !item) {
      failures += 1;
      return { itemMetadata: { id, originalIndex, success: false, error } };
    }
    item.quantity = Number(item.quantity ?? 0) + (direction === 'increment' ? by : -by);
    item.availabilityStatus = Number(item.quantity) > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK';
    bumpRevision(item, ctx.now);
    return {
      itemMetadata: { id, originalIndex, success: true },
      ...(body.returnEntity === true ? { item: structuredClone(item) } : {}),
    };
  });
  return {
    body: {
      results,
      bulkActionMetadata: { totalSuccesses: data.length - failures, totalFailures: failures },
    },
  };
};

/** Stores inventory: V1 (`/stores/v2/inventoryItems…`, V1 sites) and V3 (`/stores/v3/…inventory-items…`, V3 sites). */
export const inventoryRoutes: ApiRoute[] = [
  { method: 'PATCH', path: '/stores/v2/inventoryItems/product/:productId', handler: updateInventoryVariants },
  { method: 'POST', path: '/stores/v2/inventoryItems/increment', handler: changeV1('increment') },
  { method: 'POST', path: '/stores/v2/inventoryItems/decrement', handler: changeV1('decrement') },
  { method: 'POST', path: '/stores/v3/inventory-items/query', handler: queryInventoryItems },
  { method: 'GET', path: '/stores/v3/inventory-items/query', handler: queryInventoryItems },
  {
    method: 'GET',
    path: '/stores/v3/inventory-items/:id',
    handler: (ctx) => {
      requireCatalog(ctx.site, 'V3_CATALOG');
      return {
        body: { inventoryItem: structuredClone(existing(v3Items(ctx), ctx.params.id, 'InventoryItem')) },
      };
    },
  },
  { method: 'PATCH', path: '/stores/v3/inventory-items/:id', handler: updateInventoryItem },
  { method: 'POST', path: '/stores/v3/bulk/inventory-items/increment', handler: changeV3('increment') },
  { method: 'POST', path: '/stores/v3/bulk/inventory-items/decrement', handler: changeV3('decrement') },
];
