import {
  specProblems,
  V3_QUERY_SPEC,
  V3_SEARCH_SPEC,
} from '#shared/wix/modules/products/v3-product-queries.ts';
import { requireCatalog } from '../catalog.ts';
import {
  applicationError,
  type FieldViolation,
  invalidField,
  notFound,
  validationError,
  WixApiError,
} from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import { money } from '../money.ts';
import {
  cursorPage,
  matchesFilter,
  parseModernSort,
  readCursorRequest,
  type SortKey,
  sortEntities,
} from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';
import { slugify, uniqueSlug } from '../text.ts';

const DEFAULT_SORT: SortKey[] = [{ field: 'createdDate', order: 'DESC' }];
const PRODUCT_TYPES = ['PHYSICAL', 'DIGITAL'];

const productOf = (ctx: ApiContext, id: string | undefined): Entity => {
  requireCatalog(ctx.site, 'V3_CATALOG');
  const product = id === undefined ? undefined : ctx.site.productsV3.get(id);
  if (!product || id === undefined) throw notFound('Product', String(id));
  return product;
};

const amountOf = (variant: Entity): string | undefined => {
  const amount = asEntity(asEntity(asEntity(variant.price).actualPrice)).amount;
  return typeof amount === 'string' || typeof amount === 'number' ? String(amount) : undefined;
};

/** Validates a V3 product; create needs name, productType and at least one priced variant ([SK] create recipe). */
function readProduct(body: unknown, creating: boolean): Entity {
  const outer = asEntity(body);
  if (outer.product === undefined) throw invalidField('product', 'product is required', 'REQUIRED_FIELD');
  const input = asEntity(outer.product);
  const violations: FieldViolation[] = [];
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 80) {
      violations.push({
        field: 'product.name',
        description: 'name must be 1-80 characters',
        violatedRule: 'CUSTOM',
      });
    }
  }
  if (creating || input.productType !== undefined) {
    if (!PRODUCT_TYPES.includes(String(input.productType))) {
      violations.push({
        field: 'product.productType',
        description: 'productType must be PHYSICAL or DIGITAL',
        violatedRule: 'CUSTOM',
      });
    }
  }
  if (creating || input.variantsInfo !== undefined) {
    const variants = asEntities(asEntity(input.variantsInfo).variants);
    if (variants.length === 0) {
      violations.push({
        field: 'product.variantsInfo.variants',
        description: 'at least one variant is required',
        violatedRule: 'REQUIRED_FIELD',
      });
    }
    variants.forEach((variant, i) => {
      const amount = amountOf(variant);
      if (amount === undefined || !Number.isFinite(Number(amount)) || Number(amount) < 0) {
        violations.push({
          field: `product.variantsInfo.variants[${i}].price.actualPrice.amount`,
          description: 'a decimal string amount is required',
          violatedRule: 'FORMAT',
        });
      }
    });
  }
  if (input.visible !== undefined && typeof input.visible !== 'boolean') {
    violations.push({ field: 'product.visible', description: 'must be a boolean', violatedRule: 'FORMAT' });
  }
  if (creating) violations.push(...variantChoiceViolations(input));
  if (violations.length) throw validationError(violations);
  return input;
}

/**
 * Every variant must pick one choice of each option, by `optionChoiceNames` (Wix answers
 * VariantsNotAlignedWithProduct / MissingVariantOptionChoice otherwise; the field names are Wix's SDK's).
 */
function variantChoiceViolations(input: Entity): FieldViolation[] {
  const options = asEntities(input.options).map((o) => ({
    name: String(o.name),
    choices: new Set(asEntities(asEntity(o.choicesSettings).choices).map((c) => String(c.name))),
  }));
  const violations: FieldViolation[] = [];
  asEntities(input.options).forEach((o, i) => {
    if (!['TEXT_CHOICES', 'SWATCH_CHOICES'].includes(String(o.optionRenderType))) {
      violations.push({
        field: `product.options[${i}].optionRenderType`,
        description: 'TEXT_CHOICES or SWATCH_CHOICES',
        violatedRule: 'CUSTOM',
      });
    }
  });
  asEntities(asEntity(input.variantsInfo).variants).forEach((variant, i) => {
    const picked = asEntities(variant.choices).map((c) => asEntity(c.optionChoiceNames));
    const aligned =
      picked.length === options.length &&
      options.every((o) =>
        picked.some((p) => p.optionName === o.name && o.choices.has(String(p.choiceName))),
      );
    if (!aligned) {
      violations.push({
        field: `product.variantsInfo.variants[${i}].choices`,
        description: 'a variant must pick one existing choice of every option',
        violatedRule: 'CUSTOM',
      });
    }
  });
  return violations;
}

/** Fills the fields Wix derives (variant ids, price ranges, inventory) after a create or update. */
function derive(product: Entity): void {
  const variants = asEntities(asEntity(product.variantsInfo).variants).map((variant) => {
    const amount = amountOf(variant) ?? '0';
    const out: Entity = {
      id: variant.id ?? newId(),
      visible: variant.visible ?? true,
      choices: variant.choices ?? [],
      physicalProperties: variant.physicalProperties ?? {},
      ...variant,
      price: { ...asEntity(variant.price), actualPrice: money(amount) },
    };
    if (out.id === undefined) out.id = newId();
    return out;
  });
  product.variantsInfo = { variants };
  const amounts = variants.map((v) => amountOf(v) ?? '0').sort((a, b) => Number(a) - Number(b));
  product.actualPriceRange = { minValue: money(amounts[0] ?? '0'), maxValue: money(amounts.at(-1) ?? '0') };
  product.variantSummary = { variantCount: variants.length };
}

function createProduct(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V3_CATALOG');
  const input = readProduct(ctx.body, true);
  const name = String(input.name);
  const taken = new Set([...ctx.site.productsV3.values()].map((p) => String(p.slug)));
  const stamp = ctx.now.toISOString();
  const product: Entity = {
    visible: true,
    visibleInPos: true,
    options: [],
    modifiers: [],
    media: { itemsInfo: { items: [] } },
    physicalProperties: {},
    ...input,
    id: newId(),
    revision: '1',
    createdDate: stamp,
    updatedDate: stamp,
    name,
    slug: uniqueSlug(typeof input.slug === 'string' && input.slug ? input.slug : slugify(name), taken),
    inventory: { availabilityStatus: 'IN_STOCK', preorderStatus: 'DISABLED' },
    currency: 'USD',
    allCategoriesInfo: { categories: [] },
    directCategoriesInfo: { categories: [] },
  };
  derive(product);
  ctx.site.productsV3.set(String(product.id), product);
  return { body: { product: structuredClone(product) } };
}

const READ_ONLY = new Set([
  'id',
  'revision',
  'createdDate',
  'updatedDate',
  'allCategoriesInfo',
  'directCategoriesInfo',
]);

function updateProduct(ctx: ApiContext) {
  const product = productOf(ctx, ctx.params.productId);
  const input = readProduct(ctx.body, false);
  if (input.id !== undefined && input.id !== product.id) {
    throw invalidField('product.id', 'product.id must match the id in the path');
  }
  if (input.revision === undefined || input.revision === null || input.revision === '') {
    throw invalidField('product.revision', 'revision is required', 'REQUIRED_FIELD');
  }
  if (String(input.revision) !== String(product.revision)) {
    throw applicationError(409, 'REVISION_MISMATCH', 'The product has changed since the requested revision', {
      currentRevision: product.revision,
    });
  }
  if (input.variantsInfo !== undefined || input.options !== undefined) {
    // Wix: variants and options are mutually dependent; an update that sends one must send the other.
    const variants = asEntities(asEntity(input.variantsInfo ?? product.variantsInfo).variants);
    const notAligned = (misaligned: { variantId: unknown; errorDescription: string }[]) =>
      applicationError(
        400,
        'VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT',
        'Variants are not aligned with the product options',
        { variants: misaligned },
      );
    if (input.options === undefined || input.variantsInfo === undefined) {
      const errorDescription =
        input.options === undefined
          ? 'options must be sent together with variantsInfo.variants'
          : 'variantsInfo.variants must be sent together with options';
      throw notAligned(variants.map((v) => ({ variantId: v.id, errorDescription })));
    }
    const violations = variantChoiceViolations(input);
    const isChoice = (v: FieldViolation) => v.field.endsWith('].choices');
    if (violations.some((v) => !isChoice(v))) throw validationError(violations.filter((v) => !isChoice(v)));
    if (violations.length)
      throw notAligned(
        variants
          .filter((_, i) => violations.some((v) => v.field === `product.variantsInfo.variants[${i}].choices`))
          .map((v) => ({
            variantId: v.id,
            errorDescription: 'a variant must pick one existing choice of every option',
          })),
      );
  }
  // Arrays (options, variants…) are replaced wholesale, as wix-api.md §4.4 says.
  for (const [key, value] of Object.entries(input)) if (!READ_ONLY.has(key)) product[key] = value;
  product.revision = String(Number(product.revision) + 1);
  product.updatedDate = ctx.now.toISOString();
  derive(product);
  return { body: { product: structuredClone(product) } };
}

/** Refuses a filter or sort the API does not declare, with Wix's message (`Field 'name' is not declared as filterable`). */
function refuseUndeclared(state: { filter: unknown; sort: unknown }, api: 'query' | 'search'): void {
  const filter = asEntity(state.filter);
  const sorts = parseModernSort(state.sort, `${api}.sort`);
  const spec = api === 'query' ? V3_QUERY_SPEC : V3_SEARCH_SPEC;
  const problems = [
    ...specProblems(spec, filter, undefined),
    ...sorts.flatMap((key) => specProblems(spec, undefined, key.field)),
  ];
  const first = problems[0];
  if (!first) return;
  const fieldViolations: FieldViolation[] = problems.map((p) => ({
    field: p.path[0] === 'sort' ? `${api}.sort` : `${api}.filter`,
    description: p.reason,
    violatedRule: 'CUSTOM',
  }));
  throw new WixApiError(400, { message: first.reason, details: { validationError: { fieldViolations } } });
}

/** The text Search Products' `search.expression` looks in (its searchable fields that the sandbox keeps). */
const searchableText = (p: Entity) =>
  [
    p.name,
    p.plainDescription,
    ...asEntities(asEntity(p.variantsInfo).variants).flatMap((v) => [v.sku, v.barcode]),
  ]
    .filter((v) => typeof v === 'string')
    .join('\n')
    .toLowerCase();

function listed(ctx: ApiContext, request: Entity, field: 'query' | 'search') {
  requireCatalog(ctx.site, 'V3_CATALOG');
  const state = readCursorRequest(
    request,
    request.cursorPaging,
    `${field}.cursorPaging`,
    100,
    100,
    request.search,
  );
  refuseUndeclared(state, field);
  const words = String(asEntity(state.extra).expression ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const matching = [...ctx.site.productsV3.values()].filter(
    (p) => matchesFilter(p, state.filter) && words.every((w) => searchableText(p).includes(w)),
  );
  const sort = parseModernSort(state.sort);
  const sorted = sortEntities(matching, sort.length ? sort : DEFAULT_SORT);
  const { items, metadata } = cursorPage(sorted, state);
  // Query/Search do not return variants (wix-api.md §4.4).
  const products = items.map(({ variantsInfo: _variants, ...rest }) => structuredClone(rest));
  return { body: { products, pagingMetadata: metadata } };
}

/** Stores Catalog V3 products (wix-api.md §4.4; V3 sites only, 428 on V1 sites). */
export const catalogV3ProductRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/stores/v3/products/query',
    handler: (ctx) => listed(ctx, asEntity(asEntity(ctx.body).query), 'query'),
  },
  {
    method: 'POST',
    path: '/stores/v3/products/search',
    handler: (ctx) => listed(ctx, asEntity(asEntity(ctx.body).search), 'search'),
  },
  { method: 'POST', path: '/stores/v3/products', handler: createProduct },
  {
    method: 'GET',
    path: '/stores/v3/products/:productId',
    handler: (ctx) => ({ body: { product: structuredClone(productOf(ctx, ctx.params.productId)) } }),
  },
  { method: 'PATCH', path: '/stores/v3/products/:productId', handler: updateProduct },
  {
    method: 'DELETE',
    path: '/stores/v3/products/:productId',
    handler: (ctx) => {
      const product = productOf(ctx, ctx.params.productId);
      ctx.site.productsV3.delete(String(product.id));
      return { body: {} };
    },
  },
];
