import type { WixFilter } from '../fields.ts';

/**
 * One group of a Wix query spec: fields that take `operators` (`'*'`: any) and whether they sort. Field names are
 * REST names (the SDK's `_id` is `id` on the wire).
 */
interface WqlGroup {
  readonly fields: readonly string[];
  readonly operators: '*' | readonly string[];
  readonly sort: 'BOTH' | 'NONE';
}

/**
 * What Catalog V3 Query Products (`POST /stores/v3/products/query`) filters and sorts by, as
 * `@wix/auto_sdk_stores_products-v-3` declares it (`V3ProductQuerySpec`; test/contract/products-v3.test.ts
 * checks this copy against the SDK's types). Any other field: `Field '<name>' is not declared as filterable`.
 */
export const V3_QUERY_SPEC = [
  { fields: ['options.id'], operators: ['$hasAll', '$hasSome'], sort: 'NONE' },
  { fields: ['id', 'handle'], operators: '*', sort: 'NONE' },
  { fields: ['createdDate', 'updatedDate', 'slug', 'visible'], operators: '*', sort: 'BOTH' },
] as const satisfies readonly WqlGroup[];

/** What Catalog V3 Search Products (`POST /stores/v3/products/search`) filters and sorts by (`V3ProductSearchSpec`). */
export const V3_SEARCH_SPEC = [
  {
    fields: ['allCategoriesInfo.categories', 'directCategoriesInfo.categories', 'variantsInfo.variants'],
    operators: ['$matchItems'],
    sort: 'NONE',
  },
  {
    fields: [
      'additionalRibbons.id',
      'additionalRibbons.name',
      'infoSections.id',
      'infoSections.uniqueName',
      'modifiers.id',
      'modifiers.choicesSettings.choices.choiceId',
      'modifiers.choicesSettings.choices.name',
      'modifiers.name',
      'options.id',
      'options.choicesSettings.choices.choiceId',
      'options.choicesSettings.choices.name',
      'options.name',
      'tags.privateTags.tagIds',
      'tags.publicTags.tagIds',
    ],
    operators: ['$hasAll', '$hasSome'],
    sort: 'NONE',
  },
  {
    fields: [
      'id',
      'brand.id',
      'brand.name',
      'handle',
      'importId',
      'inventory.availabilityStatus',
      'inventory.preorderAvailability',
      'inventory.preorderStatus',
      'physicalProperties.deliveryProfileId',
      'physicalProperties.fulfillerId',
      'productType',
      'ribbon.id',
      'ribbon.name',
      'slug',
      'subscriptionDetails.allowOneTimePurchases',
      'taxGroupId',
      'visible',
      'visibleInPos',
    ],
    operators: '*',
    sort: 'NONE',
  },
  {
    fields: [
      'createdDate',
      'updatedDate',
      'actualPriceRange.maxValue.amount',
      'actualPriceRange.minValue.amount',
      'compareAtPriceRange.maxValue.amount',
      'compareAtPriceRange.minValue.amount',
      'minVariantPriceInfo.sku',
      'name',
      'physicalProperties.shippingWeightRange.maxValue',
      'physicalProperties.shippingWeightRange.minValue',
    ],
    operators: '*',
    sort: 'BOTH',
  },
] as const satisfies readonly WqlGroup[];

/**
 * What Catalog V1 Query Products filters and sorts by: Wix's Stores V1 REST reference, plus what
 * `@wix/auto_sdk_stores_products` adds (`priceData.price`, `collectionIds`). `options.<option name>` filters too.
 */
export const V1_FILTERABLE = [
  'id',
  'name',
  'description',
  'sku',
  'price',
  'priceData.price',
  'numericId',
  'productType',
  'slug',
  'collections.id',
  'collectionIds',
  'inventoryStatus',
  'lastUpdated',
  'createdDate',
] as const;
export const V1_SORTABLE = [
  'id',
  'name',
  'sku',
  'price',
  'priceData.price',
  'numericId',
  'productType',
  'slug',
  'lastUpdated',
  'createdDate',
] as const;

export type V3ProductsApi = 'query' | 'search';

/** A filter or sort a spec refuses, in Wix's words; `path` is where in the filter (`name.$startsWith`) or `sort`. */
export interface SpecProblem {
  path: string[];
  reason: string;
}

/** Every `[field, operator]` of a Wix filter, through `$and` / `$or` / `$not`; a plain value is `$eq`. */
export function filterTerms(filter: WixFilter | undefined): { field: string; operator: string }[] {
  if (filter === undefined) return [];
  return Object.entries(filter).flatMap(([key, condition]) => {
    if (key === '$and' || key === '$or')
      return (Array.isArray(condition) ? condition : []).flatMap((f) =>
        typeof f === 'object' && f !== null ? filterTerms(f as WixFilter) : [],
      );
    if (key === '$not')
      return typeof condition === 'object' && condition !== null ? filterTerms(condition as WixFilter) : [];
    const operators =
      typeof condition === 'object' && condition !== null && !Array.isArray(condition)
        ? Object.keys(condition).filter((k) => k.startsWith('$'))
        : [];
    return (operators.length ? operators : ['$eq']).map((operator) => ({ field: key, operator }));
  });
}

/** What `spec` refuses of a filter and sort field, worded as Wix words it. */
export function specProblems(
  spec: readonly WqlGroup[],
  filter: WixFilter | undefined,
  sort: string | undefined,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const { field, operator } of filterTerms(filter)) {
    const groups = spec.filter((g) => g.fields.includes(field));
    if (!groups.length)
      problems.push({ path: [field], reason: `Field '${field}' is not declared as filterable` });
    else if (!groups.some((g) => g.operators === '*' || g.operators.includes(operator)))
      problems.push({
        path: [field, operator],
        reason: `Operator '${operator}' is not supported for field '${field}'`,
      });
  }
  if (sort !== undefined && !spec.some((g) => g.sort === 'BOTH' && g.fields.includes(sort)))
    problems.push({ path: ['sort'], reason: `Field '${sort}' is not declared as sortable` });
  return problems;
}

/**
 * Which V3 products API takes this filter and sort: Query Products when it can (it also sorts by slug and
 * visible), else Search Products (name, prices, brand, options by name…); `undefined` when neither does.
 */
export function v3ProductsApiFor(filter: WixFilter | undefined, sort: string | undefined) {
  if (specProblems(V3_QUERY_SPEC, filter, sort).length === 0) return 'query' as const;
  if (specProblems(V3_SEARCH_SPEC, filter, sort).length === 0) return 'search' as const;
  return undefined;
}

const v3Filterable = (): string[] => [
  ...new Set([...V3_QUERY_SPEC, ...V3_SEARCH_SPEC].flatMap((g) => g.fields)),
];
const v3Sortable = (): string[] => [
  ...new Set([...V3_QUERY_SPEC, ...V3_SEARCH_SPEC].filter((g) => g.sort === 'BOTH').flatMap((g) => g.fields)),
];

/**
 * The filter fields and sort that no catalog can take (neither V1 Query Products nor V3 Query or Search
 * Products), for the module's input schema: known before the site's catalog is.
 */
export function unsearchableOnEveryCatalog(
  filter: WixFilter | undefined,
  sort: string | undefined,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const v3 = v3Filterable();
  const seen = new Set<string>();
  for (const { field } of filterTerms(filter)) {
    if (seen.has(field)) continue;
    seen.add(field);
    const v1 = (V1_FILTERABLE as readonly string[]).includes(field) || field.startsWith('options.');
    if (!v1 && !v3.includes(field))
      problems.push({
        path: [field],
        reason: `no Wix catalog filters products by "${field}"; Catalog V1 sites filter by ${V1_FILTERABLE.join(', ')} or options.<option name>; Catalog V3 sites by ${v3.join(', ')}`,
      });
  }
  if (
    sort !== undefined &&
    !(V1_SORTABLE as readonly string[]).includes(sort) &&
    !v3Sortable().includes(sort)
  )
    problems.push({
      path: ['sort'],
      reason: `no Wix catalog sorts products by "${sort}"; Catalog V1 sites sort by ${V1_SORTABLE.join(', ')}; Catalog V3 sites by ${v3Sortable().join(', ')}`,
    });
  return problems;
}
