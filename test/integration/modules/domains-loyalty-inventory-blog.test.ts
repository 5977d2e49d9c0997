import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { runModule, siteOn, type TestSite, wixError } from './harness.ts';

/** A contact of Wix's List Contacts example (no loyalty account) and the account of the Loyalty examples. */
const CONTACT_ID = '8046df3c-7575-4098-a5ab-c91ad8f33c47';
const ACCOUNT_CONTACT_ID = '88615e02-3e8a-4297-8939-5d0a432b322a';
/** Wix's Query Products example: a product without options (its only variant the default one), untracked. */
const PRODUCT_ID = '0873ed58-f88d-77d1-4566-afd4c50d253e';
/** The Get Product example’s product: with options on V1 (variants must be named), one default variant on V3. */
const PRODUCT_WITH_OPTIONS_ID = '91f7ac8b-2baa-289c-aa50-6d64764f35d3';
type Account = { account: { id: string; points: { balance: number }; revision: string } | null };

const asStep = (site: TestSite, stepId: string, module: string, input: unknown) =>
  runModule(module, input, { ...site.ctx, step: { runId: 'run-1', stepId } });

describe('loyalty, inventory and blog modules on the sandbox', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('loyalty.earnPoints creates a missing account; the same step run again awards nothing more', async () => {
    // Prepare
    const site = siteOn(sandbox);
    const input = { contactId: CONTACT_ID, amount: 40, description: 'Order over 100' };
    // Act
    const before = (await site.run('loyalty.getAccount', { contactId: CONTACT_ID })) as Account;
    await asStep(site, 'earn', 'loyalty.earnPoints', input);
    const retried = (await asStep(site, 'earn', 'loyalty.earnPoints', input)) as Account;
    const another = (await asStep(site, 'earn-again', 'loyalty.earnPoints', input)) as Account;
    // Assess
    expect(before.account).toBeNull();
    expect(retried.account?.points.balance).toBe(40);
    expect(another.account?.points.balance).toBe(80);
    expect(site.calls().filter((c) => c.path === '/loyalty-accounts/v1/accounts')).toHaveLength(1);
  });

  it('loyalty.earnPoints outside a rule run refuses, since it has no run to derive its key from', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const error = await wixError(
      site.run('loyalty.earnPoints', { contactId: CONTACT_ID, amount: 1, description: 'x' }),
    );
    // Assess
    expect(error).toMatchObject({ code: 'NO_RUN', retryable: false });
    expect(site.calls()).toEqual([]);
  });

  it('loyalty.adjustPoints changes the balance with the account’s revision; a contact without an account fails', async () => {
    // Prepare
    const site = siteOn(sandbox);
    const before = (await site.run('loyalty.getAccount', { contactId: ACCOUNT_CONTACT_ID })) as Account;
    // Act
    const after = (await site.run('loyalty.adjustPoints', {
      contactId: ACCOUNT_CONTACT_ID,
      amount: -5,
      description: 'Returned item',
    })) as Account;
    const none = await wixError(
      site.run('loyalty.adjustPoints', { contactId: CONTACT_ID, amount: 5, description: 'x' }),
    );
    // Assess
    expect(after.account?.points.balance).toBe((before.account?.points.balance ?? 0) - 5);
    expect(after.account?.revision).toBe(String(Number(before.account?.revision) + 1));
    expect(none.code).toBe('LOYALTY_ACCOUNT_NOT_FOUND');
  });

  it('inventory.update then inventory.adjust on Catalog V1 track and change the product’s stock', async () => {
    // Prepare
    const site = siteOn(sandbox, 'V1_CATALOG');
    // Act
    await site.run('inventory.update', { productId: PRODUCT_ID, quantity: 10 });
    await site.run('inventory.adjust', { productId: PRODUCT_ID, by: -3 });
    const product = (await site.run('products.get', { productId: PRODUCT_ID })) as {
      product: { stock: Record<string, unknown> };
    };
    // Assess
    expect(product.product.stock).toMatchObject({ trackInventory: true, quantity: 7, inStock: true });
  });

  it('inventory.adjust on an untracked V1 product, or without the variant of a product with options, fails with 400', async () => {
    // Prepare
    const site = siteOn(sandbox, 'V1_CATALOG');
    // Act
    const untracked = await wixError(site.run('inventory.adjust', { productId: PRODUCT_ID, by: 1 }));
    const noVariant = await wixError(
      site.run('inventory.update', { productId: PRODUCT_WITH_OPTIONS_ID, quantity: 1 }),
    );
    // Assess
    expect(untracked.status).toBe(400);
    expect(noVariant.status).toBe(400);
  });

  it('inventory.update then inventory.adjust on Catalog V3 find the variant’s inventory item and change it', async () => {
    // Prepare
    const site = siteOn(sandbox, 'V3_CATALOG');
    // Act
    const set = (await site.run('inventory.update', { productId: PRODUCT_WITH_OPTIONS_ID, quantity: 5 })) as {
      inventoryItem: { id: string; quantity: number; revision: string };
    };
    const adjusted = (await site.run('inventory.adjust', { productId: PRODUCT_WITH_OPTIONS_ID, by: 2 })) as {
      results: { item: { quantity: number } }[];
    };
    const untracked = await site.run('inventory.update', {
      productId: PRODUCT_WITH_OPTIONS_ID,
      inStock: false,
    });
    // Assess
    expect(set.inventoryItem).toMatchObject({ quantity: 5, revision: '2' });
    expect(adjusted.results[0]?.item.quantity).toBe(7);
    expect(untracked).toMatchObject({
      inventoryItem: { inStock: false, availabilityStatus: 'OUT_OF_STOCK' },
    });
  });

  it('the V3 inventory item refuses a stale revision with 409, and V1 inventory answers 428 on a V3 site', async () => {
    // Prepare
    const site = siteOn(sandbox, 'V3_CATALOG');
    const set = (await site.run('inventory.update', { productId: PRODUCT_WITH_OPTIONS_ID, quantity: 5 })) as {
      inventoryItem: { id: string };
    };
    // Act
    const stale = await wixError(
      site.ctx.wix.request({
        method: 'PATCH',
        path: `/stores/v3/inventory-items/${set.inventoryItem.id}`,
        body: { inventoryItem: { id: set.inventoryItem.id, revision: '1', quantity: 1 } },
      }),
    );
    const wrongCatalog = await wixError(
      site.ctx.wix.request({ method: 'POST', path: '/stores/v2/inventoryItems/increment', body: {} }),
    );
    // Assess
    expect(stale.status).toBe(409);
    expect(wrongCatalog.status).toBe(428);
  });

  it('blog.createPost writes paragraphs of rich content and publishes the post when asked', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const draft = (await site.run('blog.createPost', {
      title: 'Hours',
      text: 'Open at 9.\n\nClosed Sundays.',
    })) as {
      draftPost: { status: string; richContent: { nodes: unknown[] } };
    };
    const published = (await site.run('blog.createPost', {
      title: 'News',
      text: 'Hello',
      publish: true,
    })) as {
      draftPost: { id: string; status: string };
    };
    const post = await site.ctx.wix.request<{ post: { title: string } }>({
      method: 'GET',
      path: `/blog/v3/posts/${published.draftPost.id}`,
    });
    // Assess
    expect(draft.draftPost.status).toBe('UNPUBLISHED');
    expect(draft.draftPost.richContent.nodes).toHaveLength(2);
    expect(published.draftPost.status).toBe('PUBLISHED');
    expect(post.body.post.title).toBe('News');
  });
});
