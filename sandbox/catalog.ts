import { applicationError } from './errors.ts';
import type { Entity } from './fixtures.ts';
import { money } from './money.ts';
import type { CatalogVersion, Site } from './state.ts';

/**
 * Guards a Stores call: 401 when Wix Stores is not installed (docs/wix-behaviour.md#catalog-versions), 428 when the
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

/** What differs between the simple (one default variant, no options) Catalog V3 products the sandbox builds. */
export interface SimpleV3Product {
  id: string;
  revision: string;
  createdDate: unknown;
  updatedDate: unknown;
  name: unknown;
  slug: unknown;
  plainDescription: unknown;
  visible: boolean;
  sku: string;
  /** Decimal string, e.g. "30.00". */
  price: string;
  categoryIds: string[];
}

/**
 * A Catalog V3 product with one default variant and no options, in the V3 field list of docs/wix-behaviour.md#stores-catalog-v3
 * (Wix documents no V3 example): the sandbox's seeded products and its hand-built V3 events share it.
 */
export function simpleV3Product(p: SimpleV3Product): Entity {
  const amount = money(p.price);
  const categories = p.categoryIds.map((id, index) => ({ id, index }));
  return {
    id: p.id,
    revision: p.revision,
    createdDate: p.createdDate,
    updatedDate: p.updatedDate,
    name: p.name,
    slug: p.slug,
    plainDescription: p.plainDescription,
    visible: p.visible,
    visibleInPos: true,
    media: { itemsInfo: { items: [] } },
    productType: 'PHYSICAL',
    physicalProperties: {},
    options: [],
    modifiers: [],
    variantsInfo: {
      variants: [
        {
          id: '00000000-0000-0000-0000-000000000000',
          visible: true,
          sku: p.sku,
          choices: [],
          price: { actualPrice: amount },
          physicalProperties: {},
        },
      ],
    },
    inventory: { availabilityStatus: 'IN_STOCK', preorderStatus: 'DISABLED' },
    actualPriceRange: { minValue: amount, maxValue: amount },
    currency: 'USD',
    variantSummary: { variantCount: 1 },
    directCategoriesInfo: { categories },
    allCategoriesInfo: { categories },
  };
}
