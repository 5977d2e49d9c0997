import { randomUUID } from 'node:crypto';
import { simpleV3Product } from './catalog.ts';
import { asEntities, asEntity, type Entity, restSample, sampleResponse } from './fixtures.ts';
import { money, v1PriceData } from './money.ts';
import type { Site } from './state.ts';

/** Wix Stores' app id, the `appId` of catalog item references (docs/wix-behaviour.md#categories). */
export const WIX_STORES_APP_ID = '215238eb-22a5-4c36-9e7b-e7c08025e04e';

/** Wix's built-in "All Products" collection id (every V1 product is in it). */
export const ALL_PRODUCTS_COLLECTION_ID = '00000000-000000-000000-000000000001';

/** The one category of a seeded Catalog V3 site ("Coffee Products", holding every seeded product). */
export const SEEDED_V3_CATEGORY_ID = '5f8b4a37-2c4e-4b8e-9f3e-6a1f0d2c9b11';

/** Seeds a V1 site's products and collections from Wix's documented Query Products / Collections examples. */
export function seedCatalogV1(site: Site): void {
  const queryProducts = restSample('stores-catalog.QueryProducts');
  const detailed = new Map<string, Entity>();
  const getProduct = asEntity(sampleResponse('stores-catalog.GetProduct').product);
  if (typeof getProduct.id === 'string') detailed.set(getProduct.id, getProduct);
  for (const example of queryProducts.examples) {
    for (const product of asEntities(asEntity(example.response).products)) {
      const id = String(product.id);
      const known = detailed.get(id);
      // Prefer the richest documented version of each product (the one that lists its variants).
      if (!known || asEntities(product.variants).length > asEntities(known.variants).length)
        detailed.set(id, product);
    }
  }
  for (const [id, product] of detailed) site.products.set(id, product);
  for (const product of site.products.values()) {
    const numericId = BigInt(String(product.numericId ?? '0'));
    if (numericId > site.lastNumericId) site.lastNumericId = numericId;
  }

  const queryCollections = restSample('stores-catalog.QueryCollections');
  for (const collection of asEntities(asEntity(queryCollections.responseExample).collections)) {
    const { numberOfProducts: _computed, ...stored } = collection;
    site.collections.set(String(stored.id), stored);
  }
}

/**
 * Seeds a V3 site. Wix documents no Catalog V3 or Categories example (sandbox/samples/README.md), so
 * these are hand-built from the V1 example products, following the V3 field list of docs/wix-behaviour.md#stores-catalog-v3.
 */
export function seedCatalogV3(site: Site): void {
  const queryProducts = restSample('stores-catalog.QueryProducts');
  const v1 = asEntities(asEntity(queryProducts.responseExample).products);
  const categoryId = SEEDED_V3_CATEGORY_ID;
  for (const source of v1) {
    const price = Number(asEntity(source.priceData).price ?? 0);
    const id = String(source.id);
    site.productsV3.set(
      id,
      simpleV3Product({
        id,
        revision: '1',
        createdDate: source.createdDate ?? source.lastUpdated,
        updatedDate: source.lastUpdated,
        name: source.name,
        slug: source.slug,
        plainDescription: source.description,
        visible: (source.visible as boolean | undefined) ?? true,
        sku: String(source.sku ?? ''),
        price: String(price),
        categoryIds: [categoryId],
      }),
    );
  }
  site.categories.set(categoryId, {
    id: categoryId,
    revision: '1',
    createdDate: '2023-06-08T11:50:51.223Z',
    updatedDate: '2023-06-08T11:50:51.223Z',
    name: 'Coffee Products',
    visible: true,
    parentCategory: { index: 0 },
    slug: 'coffee-products',
    treeReference: { appNamespace: '@wix/stores' },
  });
  site.categoryItems.set(
    categoryId,
    [...site.productsV3.keys()].map((catalogItemId) => ({ catalogItemId, appId: WIX_STORES_APP_ID })),
  );
}

/** Seeds contacts, carts, eCom orders, fulfillments, transactions, coupons and a conversation from Wix's examples. */
export function seedCommerce(site: Site): void {
  for (const contact of asEntities(sampleResponse('contacts.ListContacts').contacts)) {
    site.contacts.set(String(contact.id), contact);
  }
  const cart = asEntity(sampleResponse('cart.GetCart').cart);
  site.carts.set(String(cart.id), cart);

  const orders = [asEntity(sampleResponse('orders.GetOrder').order)];
  for (const example of restSample('orders.SearchOrders').examples) {
    orders.push(...asEntities(asEntity(example.response).orders));
  }
  for (const order of orders)
    if (!site.orders.has(String(order.id))) site.orders.set(String(order.id), order);

  const fulfillmentSets = [
    asEntity(sampleResponse('order-fulfillments.ListFulfillmentsForSingleOrder').orderWithFulfillments),
    ...asEntities(
      sampleResponse('order-fulfillments.ListFulfillmentsForMultipleOrders').ordersWithFulfillments,
    ),
  ];
  for (const set of fulfillmentSets) site.fulfillments.set(String(set.orderId), asEntities(set.fulfillments));

  const transactionSets = [
    asEntity(sampleResponse('order-transactions.ListTransactionsForSingleOrder').orderTransactions),
    ...asEntities(sampleResponse('order-transactions.ListTransactionsForMultipleOrders').orderTransactions),
  ];
  for (const set of transactionSets) site.transactions.set(String(set.orderId), set);

  for (const coupon of asEntities(sampleResponse('coupons.QueryCoupons').coupons)) {
    site.coupons.set(String(coupon.id), coupon);
  }
  const conversation = asEntity(sampleResponse('conversations.GetOrCreateConversation').conversation);
  site.conversations.set(String(conversation.id), conversation);
}

/**
 * Adds `count` plain products to a site's catalog (V1 or V3), named `<prefix> 1…n`, with strictly increasing
 * numericIds and creation times: for paging tests that need more items than Wix's examples hold.
 */
export function generateProducts(
  site: Site,
  count: number,
  now: Date,
  prefix = 'Generated product',
): string[] {
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const id = randomUUID();
    const stamp = new Date(now.getTime() + n).toISOString();
    const name = `${prefix} ${n}`;
    const slug = `${prefix.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}-${id.slice(0, 8)}`;
    if (site.catalogVersion === 'V3_CATALOG') {
      const amount = money('10');
      site.productsV3.set(id, {
        id,
        revision: '1',
        createdDate: stamp,
        updatedDate: stamp,
        name,
        slug,
        visible: true,
        productType: 'PHYSICAL',
        options: [],
        media: { itemsInfo: { items: [] } },
        variantsInfo: {
          variants: [{ id: randomUUID(), visible: true, choices: [], price: { actualPrice: amount } }],
        },
        actualPriceRange: { minValue: amount, maxValue: amount },
        directCategoriesInfo: { categories: [] },
        allCategoriesInfo: { categories: [] },
      });
    } else {
      site.lastNumericId += 1n;
      site.products.set(id, {
        id,
        name,
        slug,
        visible: true,
        productType: 'physical',
        priceData: v1PriceData(10, {}),
        numericId: site.lastNumericId.toString(),
        media: { items: [] },
        collectionIds: [ALL_PRODUCTS_COLLECTION_ID],
        createdDate: stamp,
        lastUpdated: stamp,
      });
    }
    ids.push(id);
  }
  return ids;
}
