import { prepareRule } from '#shared/rules/apply-rules.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import type { RuleStore } from '#shared/store/rules.ts';

export const DEMO_CONNECTION_ID = 'demo-shop';
export const DEMO_RULE_ID = 'demo-new-products-to-new-arrivals';
/** A collection of the sandbox's seeded catalogue (from Wix's documented Query Collections example). */
export const DEMO_COLLECTION_ID = '32fd0b3a-2d38-2235-7754-78a3f819274a';

/** Installs the demo connection and rule for the sandbox site, unless the user already has them. */
export async function installDemo(
  stores: { connections: ConnectionStore; rules: RuleStore },
  instanceId: string,
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
  if (!(await stores.rules.get(DEMO_RULE_ID))) {
    await stores.rules.put(
      prepareRule(
        {
          id: DEMO_RULE_ID,
          description: 'Demo: every new product joins the sandbox collection.',
          connection: DEMO_CONNECTION_ID,
          trigger: 'products.created',
          actions: [
            {
              id: 'add',
              module: 'collections.addProducts',
              input: { collectionId: DEMO_COLLECTION_ID, productIds: ['{{ trigger.entityId }}'] },
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
