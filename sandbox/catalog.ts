import { applicationError } from './errors.ts';
import type { CatalogVersion, Site } from './state.ts';

/**
 * Guards a Stores call: 401 when Wix Stores is not installed (wix-api.md §4.3 lists 401 for that), 428 when the
 * path belongs to the other catalog (§4.3: a V3 call on a V1 site answers 428; the reverse is assumed symmetric).
 */
export function requireCatalog(site: Site, wanted: Exclude<CatalogVersion, 'STORES_NOT_INSTALLED'>): void {
  if (site.catalogVersion === wanted) return;
  if (site.catalogVersion === 'STORES_NOT_INSTALLED') {
    throw applicationError(401, 'UNAUTHENTICATED', 'Wix Stores is not installed on this site');
  }
  throw applicationError(
    428,
    'FAILED_PRECONDITION',
    `This site uses ${site.catalogVersion}; this endpoint belongs to ${wanted}. ` +
      'Check GET /stores/v3/provision/version first.',
  );
}
