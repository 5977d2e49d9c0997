import { SEEDED_V3_CATEGORY_ID } from '#sandbox/seed.ts';
import type { DemoCatalog } from '#sandbox/sites.ts';
import { prepareRule } from '#shared/rules/apply-rules.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import type { RuleStore } from '#shared/store/rules.ts';

export const DEMO_CONNECTION_ID = 'demo-shop';
export const DEMO_RULE_ID = 'demo-new-products-to-new-arrivals';
/** A collection of the sandbox's seeded Catalog V1 catalogue (from Wix's documented Query Collections example). */
export const DEMO_COLLECTION_ID = '32fd0b3a-2d38-2235-7754-78a3f819274a';
/** The category of the sandbox's seeded Catalog V3 catalogue: `collections.*` modules act on categories there. */
export const DEMO_CATEGORY_ID = SEEDED_V3_CATEGORY_ID;

/** Where the demo rule puts new products on a site of this catalog. */
export const demoCollectionFor = (catalog: DemoCatalog): string =>
  catalog === 'V3_CATALOG' ? DEMO_CATEGORY_ID : DEMO_COLLECTION_ID;

/**
 * Installs the demo connection and rule for the sandbox site, unless the user already has them. The rule adds
 * each new product to the seeded collection (V1) or category (V3); a demo rule left by a run on the other
 * catalog is switched over, one the user changed is kept.
 */
export async function installDemo(
  stores: { connections: ConnectionStore; rules: RuleStore },
  instanceId: string,
  catalog: DemoCatalog,
  now = new Date(),
): Promise<{ connection: boolean; rule: boolean }> {
  const installed = { connection: false, rule: false };
  if (!(await stores.connections.get(DEMO_CONNECTION_ID))) {
    const connection: Connection = {
      id: DEMO_CONNECTION_ID,
      instanceId,
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await stores.connections.put(connection);
    installed.connection = true;
  }
  const existing = await stores.rules.get(DEMO_RULE_ID);
  const otherDemo = demoCollectionFor(catalog === 'V3_CATALOG' ? 'V1_CATALOG' : 'V3_CATALOG');
  const leftByOtherCatalog =
    existing?.actions.length === 1 &&
    (existing.actions[0]?.input as { collectionId?: unknown } | undefined)?.collectionId === otherDemo;
  if (!existing || leftByOtherCatalog) {
    await stores.rules.put(
      prepareRule(
        {
          id: DEMO_RULE_ID,
          description: `Demo: every new product joins the sandbox ${catalog === 'V3_CATALOG' ? 'category' : 'collection'}.`,
          connection: DEMO_CONNECTION_ID,
          trigger: 'products.created',
          actions: [
            {
              id: 'add',
              module: 'collections.addProducts',
              input: { collectionId: demoCollectionFor(catalog), productIds: ['{{ trigger.entityId }}'] },
            },
          ],
          enabled: true,
        },
        now,
      ),
    );
    installed.rule = true;
  }
  return installed;
}
