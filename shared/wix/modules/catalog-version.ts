import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { ModuleContext } from './action-module.ts';

export type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG';

/** Catalog version per app instance: permanent per site (wix-api.md §4.4), so asked once per process. */
const versions = new Map<string, CatalogVersion>();
const pending = new Map<string, Promise<CatalogVersion>>();

/** Forgets every cached version (tests) or one instance's. */
export function forgetCatalogVersion(instanceId?: string): void {
  if (instanceId === undefined) versions.clear();
  else versions.delete(instanceId);
}

/**
 * The site's Stores catalog from `GET /stores/v3/provision/version`, cached per instance. Throws a
 * non-retryable WixApiError when Wix Stores is not installed, and what the Wix client throws.
 */
export async function catalogVersion(
  ctx: Pick<ModuleContext, 'wix' | 'connection'>,
): Promise<CatalogVersion> {
  const key = ctx.connection.instanceId;
  const known = versions.get(key);
  if (known) return known;
  let inFlight = pending.get(key);
  if (!inFlight) {
    inFlight = askWix(ctx).finally(() => pending.delete(key));
    pending.set(key, inFlight);
  }
  return inFlight;
}

async function askWix(ctx: Pick<ModuleContext, 'wix' | 'connection'>): Promise<CatalogVersion> {
  const path = '/stores/v3/provision/version';
  const { body } = await ctx.wix.request<{ catalogVersion?: unknown }>({ method: 'GET', path });
  const version = body.catalogVersion;
  if (version === 'V1_CATALOG' || version === 'V3_CATALOG') {
    versions.set(ctx.connection.instanceId, version);
    return version;
  }
  if (version === 'STORES_NOT_INSTALLED') {
    throw new WixApiError(
      `Wix Stores is not installed on this site (GET ${path} answered STORES_NOT_INSTALLED)`,
      { code: 'STORES_NOT_INSTALLED', retryable: false },
    );
  }
  throw new WixApiError(`GET ${path} answered an unknown catalogVersion ${JSON.stringify(version)}`, {
    code: 'UNKNOWN_CATALOG_VERSION',
    retryable: true,
  });
}

/**
 * Runs the V1 or the V3 implementation for the site's catalog. A 428 (the call belongs to the other catalog:
 * the site has moved to V3 since we asked) drops the cached version; if Wix now reports another catalog the
 * call is made once more on that one, else the 428 is thrown.
 */
export async function byCatalog<T>(
  ctx: Pick<ModuleContext, 'wix' | 'connection'>,
  run: Record<CatalogVersion, () => Promise<T>>,
): Promise<T> {
  const version = await catalogVersion(ctx);
  try {
    return await run[version]();
  } catch (error) {
    if (!(error instanceof WixApiError) || error.status !== 428) throw error;
    forgetCatalogVersion(ctx.connection.instanceId);
    const now = await catalogVersion(ctx);
    if (now === version) throw error;
    return run[now]();
  }
}
