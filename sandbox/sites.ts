import { seedCatalogV1, seedCatalogV3, seedCommerce } from './seed.ts';
import { type CatalogVersion, emptySite, type Site } from './state.ts';

/** A Stores catalog a sandbox site can run. */
export type DemoCatalog = Exclude<CatalogVersion, 'STORES_NOT_INSTALLED'>;

/** New Wix stores run Catalog V3: the sandbox's sites do unless told otherwise. */
export const DEFAULT_SANDBOX_CATALOG: DemoCatalog = 'V3_CATALOG';

/** Creates a site with the app installed, seeded from Wix's documented examples for its catalog version. */
export function createSite(
  siteId: string,
  instanceId: string,
  catalogVersion: CatalogVersion,
  now: Date,
): Site {
  const site = emptySite(siteId, instanceId, catalogVersion, now);
  if (catalogVersion === 'V1_CATALOG') seedCatalogV1(site);
  if (catalogVersion === 'V3_CATALOG') seedCatalogV3(site);
  seedCommerce(site);
  return site;
}
