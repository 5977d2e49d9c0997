import * as drafts from '@wix/auto_sdk_blog_draft-posts';
import * as inventory from '@wix/auto_sdk_stores_inventory';
import * as inventoryV3 from '@wix/auto_sdk_stores_inventory-items-v-3';
import { describe, expect, it } from 'vitest';
import { blogCreatePost } from '#shared/wix/modules/blog/blog-create-post.ts';
import { inventoryAdjust } from '#shared/wix/modules/inventory/inventory-adjust.ts';
import { inventoryUpdate } from '#shared/wix/modules/inventory/inventory-update.ts';
import { decodedDotR } from '../support/sdk-paths.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

const PRODUCT_ID = '91f7ac8b-2baa-289c-aa50-6d64764f35d3';
const VARIANT_ID = '00000000-0000-0020-0005-ad9cdc5b2d39';
const ITEM_ID = 'c7f4a0d6-57a6-4b8b-9d1f-0a3b5e1c2d4f';

const oneItem = (r: WireRequest) =>
  r.path === '/stores/v3/inventory-items/query'
    ? { inventoryItems: [{ id: ITEM_ID, revision: '3', productId: PRODUCT_ID, variantId: VARIANT_ID }] }
    : {};

describe('inventory and blog modules against Wix’s SDK', () => {
  it('inventory.update on Catalog V1 sends what updateInventoryVariants sends', async () => {
    // Act
    const ours = await wixflowRequests(
      inventoryUpdate,
      { productId: PRODUCT_ID, variantId: VARIANT_ID, quantity: 7 },
      { catalog: 'V1_CATALOG' },
    );
    const wix = await sdkRequests({ inventory }, (c) =>
      c.inventory.updateInventoryVariants(PRODUCT_ID, {
        trackQuantity: true,
        variants: [{ variantId: VARIANT_ID, quantity: 7 }],
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('inventory.adjust on Catalog V1 sends what incrementInventory and decrementInventory send', async () => {
    // Act
    const up = await wixflowRequests(
      inventoryAdjust,
      { productId: PRODUCT_ID, variantId: VARIANT_ID, by: 3 },
      { catalog: 'V1_CATALOG' },
    );
    const down = await wixflowRequests(
      inventoryAdjust,
      { productId: PRODUCT_ID, variantId: VARIANT_ID, by: -2 },
      { catalog: 'V1_CATALOG' },
    );
    const wixUp = await sdkRequests({ inventory }, (c) =>
      c.inventory.incrementInventory([{ productId: PRODUCT_ID, variantId: VARIANT_ID, incrementBy: 3 }]),
    );
    const wixDown = await sdkRequests({ inventory }, (c) =>
      c.inventory.decrementInventory([{ productId: PRODUCT_ID, variantId: VARIANT_ID, decrementBy: 2 }]),
    );
    // Assess
    expect([...up, ...down].map(contractOf)).toEqual([...wixUp, ...wixDown].map(contractOf));
  });

  it('inventory.update on Catalog V3 finds the item with queryInventoryItems’ query, then sends what updateInventoryItem sends', async () => {
    // Act
    const ours = await wixflowRequests(
      inventoryUpdate,
      { productId: PRODUCT_ID, variantId: VARIANT_ID, inStock: false },
      { catalog: 'V3_CATALOG', respond: oneItem },
    );
    const [query] = await sdkRequests({ inventoryV3 }, (c) =>
      c.inventoryV3
        .queryInventoryItems()
        .eq('productId', PRODUCT_ID)
        .eq('variantId', VARIANT_ID)
        .limit(2)
        .find(),
    );
    const update = await sdkRequests({ inventoryV3 }, (c) =>
      c.inventoryV3.updateInventoryItem(ITEM_ID, { revision: '3', inStock: false }),
    );
    // Assess: the SDK sends the query as GET ?.r=<base64 JSON>, wixflow as the POST body of the same path
    expect(query && { method: query.method, path: query.path }).toEqual({
      method: 'GET',
      path: '/stores/v3/inventory-items/query',
    });
    expect(ours[0]?.body).toEqual(query && decodedDotR(query));
    expect(ours.slice(1).map(contractOf)).toEqual(update.map(contractOf));
  });

  it('inventory.adjust on Catalog V3 sends what bulkDecrementInventoryItems sends', async () => {
    // Act
    const ours = await wixflowRequests(
      inventoryAdjust,
      { productId: PRODUCT_ID, variantId: VARIANT_ID, by: -4 },
      { catalog: 'V3_CATALOG', respond: oneItem },
    );
    const wix = await sdkRequests({ inventoryV3 }, (c) =>
      c.inventoryV3.bulkDecrementInventoryItems([{ inventoryItemId: ITEM_ID, decrementBy: 4 }], {
        returnEntity: true,
      }),
    );
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('blog.createPost sends what createDraftPost sends, the text as rich content paragraphs', async () => {
    // Prepare
    const input = {
      title: 'Spring opening hours',
      text: 'We open at 9.\n\nSee you soon!',
      publish: true,
      memberId: 'm-1',
    };
    // Act
    const ours = await wixflowRequests(blogCreatePost, input);
    const paragraph = (id: string, text: string) => ({
      type: 'PARAGRAPH',
      id,
      nodes: [{ type: 'TEXT', id: '', nodes: [], textData: { text, decorations: [] } }],
      paragraphData: {},
    });
    const wix = await sdkRequests({ drafts }, (c) =>
      c.drafts.createDraftPost(
        {
          title: input.title,
          memberId: 'm-1',
          richContent: { nodes: [paragraph('p1', 'We open at 9.'), paragraph('p2', 'See you soon!')] },
        },
        { publish: true },
      ),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });
});
