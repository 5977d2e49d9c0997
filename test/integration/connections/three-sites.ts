import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '#local/stack.ts';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import type { Connection } from '#shared/store/connections.ts';
import { type CliResult, runCli } from '../../support/cli.ts';
import { waitFor } from '../../support/wait.ts';
import { browse, lastHop } from '../oauth/harness.ts';

export const LEGACY_PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
/** A collection of every sandbox V1 site's seeded catalogue (Wix's documented Query Collections example). */
export const COLLECTION_ID = '32fd0b3a-2d38-2235-7754-78a3f819274a';

const RULE = `id: new-products-everywhere
connection: "*"
trigger: products.created
actions:
  - id: add
    module: collections.addProducts
    input:
      collectionId: ${COLLECTION_ID}
      productIds: ["{{ trigger.entityId }}"]
`;

export interface Site {
  instanceId: string;
  siteId: string;
}

export interface ThreeSites {
  wix: WixSandbox;
  stack: LocalStack;
  dataDir: string;
  /** Installed through /oauth/install → Wix consent → /oauth/callback (a refresh-token connection). */
  installed: Site & { connectionId: string };
  /** Arrived by Wix's AppInstalled webhook (a client-credentials connection). */
  appInstalled: Site & { connectionId: string };
  /** Added with `wixflow connections add --api-key-file`. */
  keyed: Site & { connectionId: string };
  /** Every CLI run of the scenario, and what the stack printed to its terminal. */
  cliRuns: CliResult[];
  printed: string[];
  /** Every page the browser saw during installs. */
  pages: string[];
  cli(args: string[]): Promise<CliResult>;
  stop(): Promise<void>;
}

/**
 * One local stack (with a configured Wix app; a sandbox stands in for Wix) serving three sites side by side:
 * one installed through the install flow, one arrived by `AppInstalled`, one added with an API key; and a
 * rule for every connection.
 */
export async function startThreeSites(options: { logLevel?: string } = {}): Promise<ThreeSites> {
  const wix = await startWixSandbox({ catalog: 'V1_CATALOG' });
  const dataDir = mkdtempSync(join(tmpdir(), 'wixflow-sites-'));
  const printed: string[] = [];
  const stack = await startLocalStack(
    loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: options.logLevel ?? 'warn',
      WIXFLOW_DATA_DIR: dataDir,
      WIX_APP_ID: wix.appId,
      WIX_APP_SECRET: wix.appSecret,
      WIX_APP_PUBLIC_KEY: wix.publicKeyPem,
      WIX_API_BASE_URL: wix.url,
      WIX_INSTALLER_URL: `${wix.url}/installer/install`,
    }),
    { print: (line) => printed.push(line) },
  );
  const cliRuns: CliResult[] = [];
  const cli = async (args: string[]) => {
    const result = await runCli(args, { dataDir });
    cliRuns.push(result);
    return result;
  };
  const pages: string[] = [];
  try {
    const rules = join(dataDir, 'rule.yaml');
    writeFileSync(rules, RULE);
    const applied = await cli(['rules', 'apply', rules]);
    if (applied.code !== 0) throw new Error(`rules apply failed: ${applied.stderr}`);

    // 1. A site owner installs the app from wixflow's install link.
    const hops = await browse(`${stack.apiUrl}/oauth/install?connection=shop-installed`);
    pages.push(...hops.map((hop) => hop.body));
    if (lastHop(hops).status !== 200) throw new Error(`install failed: ${lastHop(hops).body}`);
    const installed = await connectionOf(stack, 'shop-installed');

    // 2. Wix tells wixflow about another installation with AppInstalled.
    const second = wix.addSite();
    const announced = await wix.emit('AppInstalled', {
      webhookUrl: stack.webhookUrl,
      instanceId: second.instanceId,
    });
    if (announced.status !== 200) throw new Error(`AppInstalled was refused: ${announced.body}`);
    const [created] = await waitFor('the AppInstalled connection', async () => {
      const found = await stack.stores.connections.findByInstanceId(second.instanceId);
      return found.length > 0 && found;
    });

    // 3. Someone adds a site with an API key.
    const third = wix.addSite();
    const keyFile = join(dataDir, 'wix-api-key.txt');
    writeFileSync(keyFile, `${wix.apiKey}\n`, { mode: 0o600 });
    const added = await cli([
      'connections',
      'add',
      '--id',
      'shop-keyed',
      '--instance-id',
      third.instanceId,
      '--api-key-file',
      keyFile,
      '--site-id',
      third.siteId,
    ]);
    if (added.code !== 0) throw new Error(`connections add failed: ${added.stderr}`);

    return {
      wix,
      stack,
      dataDir,
      installed: {
        instanceId: installed.instanceId,
        siteId: installed.siteId ?? '',
        connectionId: installed.id,
      },
      appInstalled: { ...second, connectionId: created?.id ?? '' },
      keyed: { ...third, connectionId: 'shop-keyed' },
      cliRuns,
      printed,
      pages,
      cli,
      stop: async () => {
        await stack.stop();
        await wix.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    await wix.stop();
    throw error;
  }
}

async function connectionOf(stack: LocalStack, id: string): Promise<Connection> {
  const connection = await stack.stores.connections.get(id);
  if (!connection) throw new Error(`no connection ${id}`);
  return connection;
}

/**
 * Makes a product appear on `site` (Wix sends ProductCreated) and waits until the rule's collection call for
 * it reached the site; resolves with that recorded call.
 */
export async function newProductOn(scenario: ThreeSites, site: Site) {
  const emitted = await scenario.wix.emit(LEGACY_PRODUCT_CREATED, {
    webhookUrl: scenario.stack.webhookUrl,
    instanceId: site.instanceId,
  });
  if (emitted.status !== 200) throw new Error(`webhook refused: ${emitted.body}`);
  const productId = (emitted.envelope.data as { productId: string }).productId;
  return waitFor(`the collection call for ${productId}`, () =>
    scenario.wix.requests.find(
      (r) =>
        r.status === 200 &&
        r.path === `/stores/v1/collections/${COLLECTION_ID}/productIds` &&
        JSON.stringify(r.body).includes(productId),
    ),
  );
}
