import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { ModuleContext } from './action-module.ts';

export type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG';

const VERSION_PATH = '/stores/v3/provision/version';

/**
 * The Stores catalog version of each site (app instance) a process has asked about. A site's version is
 * permanent unless it migrates to V3 (see `byCatalog`), so one instance lives as long as the process: the
 * consumer holds one, a dry run holds its own with the version it assumes.
 */
export class CatalogVersions {
  private readonly known = new Map<string, CatalogVersion>();
  private readonly pending = new Map<string, Promise<CatalogVersion>>();

  /** `assumed` answers for those instances without asking Wix (a dry run's `--catalog`). */
  constructor(assumed: Record<string, CatalogVersion> = {}) {
    for (const [instanceId, version] of Object.entries(assumed)) this.known.set(instanceId, version);
  }

  /**
   * The site's catalog from `GET /stores/v3/provision/version`, asked once per instance (concurrent callers
   * share the request). Throws a non-retryable WixApiError when Wix Stores is not installed, and what the
   * Wix client throws.
   */
  async of(ctx: Pick<ModuleContext, 'wix' | 'connection'>): Promise<CatalogVersion> {
    const key = ctx.connection.instanceId;
    const known = this.known.get(key);
    if (known) return known;
    let inFlight = this.pending.get(key);
    if (!inFlight) {
      inFlight = askWix(ctx)
        .then((version) => {
          this.known.set(key, version);
          return version;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, inFlight);
    }
    return inFlight;
  }

  /** Forgets one instance's version (it answered 428: the site moved catalogs). */
  forget(instanceId: string): void {
    this.known.delete(instanceId);
  }
}

async function askWix(ctx: Pick<ModuleContext, 'wix'>): Promise<CatalogVersion> {
  const { body } = await ctx.wix.request<{ catalogVersion?: unknown }>({ method: 'GET', path: VERSION_PATH });
  const version = body.catalogVersion;
  if (version === 'V1_CATALOG' || version === 'V3_CATALOG') return version;
  if (version === 'STORES_NOT_INSTALLED') {
    throw new WixApiError(
      `Wix Stores is not installed on this site (GET ${VERSION_PATH} answered STORES_NOT_INSTALLED)`,
      { code: 'STORES_NOT_INSTALLED', retryable: false },
    );
  }
  throw new WixApiError(`GET ${VERSION_PATH} answered an unknown catalogVersion ${JSON.stringify(version)}`, {
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
  ctx: Pick<ModuleContext, 'wix' | 'connection' | 'catalogVersions'>,
  run: Record<CatalogVersion, () => Promise<T>>,
): Promise<T> {
  const version = await ctx.catalogVersions.of(ctx);
  try {
    return await run[version]();
  } catch (error) {
    if (!(error instanceof WixApiError) || error.status !== 428) throw error;
    ctx.catalogVersions.forget(ctx.connection.instanceId);
    const now = await ctx.catalogVersions.of(ctx);
    if (now === version) throw error;
    return run[now]();
  }
}
