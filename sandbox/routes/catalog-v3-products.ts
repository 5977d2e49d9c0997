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
  WixRefusal,
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

/** `SingleEntityOpsRequestedFields` of Wix's SDK: what Create / Get / Update Product take in `fields`. */
const SINGLE_FIELDS = [
  'URL',
  'CURRENCY',
  'INFO_SECTION',
  'MERCHANT_DATA',
  'PLAIN_DESCRIPTION',
  'INFO_SECTION_PLAIN_DESCRIPTION',
  'SUBSCRIPTION_PRICES_INFO',
  'BREADCRUMBS_INFO',
  'WEIGHT_MEASUREMENT_UNIT_INFO',
  'VARIANT_OPTION_CHOICE_NAMES',
  'MEDIA_ITEMS_INFO',
  'DESCRIPTION',
  'DIRECT_CATEGORIES_INFO',
  'ALL_CATEGORIES_INFO',
  'INFO_SECTION_DESCRIPTION',
  'THUMBNAIL',
  'PRODUCT_CHOICES_MEDIA_REFERENCES',
  'PRODUCT_CHOICES_DISPLAY_IMAGE',
  'DISCOUNT_INFO',
];
/** `RequestedFields`: what Query / Search Products take (one more than single-entity calls). */
const LIST_FIELDS = [...SINGLE_FIELDS, 'MIN_PRICE_VARIANT'];

/** The request's `fields`: 400 for a value Wix's enum does not have, as Wix refuses an unknown enum value. */
function requestedFields(values: unknown, known: string[]): Set<string> {
  const list = values === undefined || values === null ? [] : Array.isArray(values) ? values : [values];
  list.forEach((value, i) => {
    if (!known.includes(String(value)))
      throw invalidField(`fields[${i}]`, `fields must be one of ${known.join(', ')}`, 'FORMAT');
  });
  return new Set(list.map(String));
}

const dropKey = (value: unknown, key: string): void => {
  if (Array.isArray(value)) for (const item of value) dropKey(item, key);
  else if (typeof value === 'object' && value !== null) {
    delete (value as Entity)[key];
    for (const inner of Object.values(value)) dropKey(inner, key);
  }
};

/** The parts of a product Wix returns only when asked for in `fields`, and how to take them out. */
const ON_REQUEST: Record<string, (p: Entity) => void> = {
  VARIANT_OPTION_CHOICE_NAMES: (p) => dropKey(p.variantsInfo, 'optionChoiceNames'),
  URL: (p) => delete p.url,
  DESCRIPTION: (p) => delete p.description,
  PLAIN_DESCRIPTION: (p) => delete p.plainDescription,
  CURRENCY: (p) => {
    delete p.currency;
    dropKey(p, 'formattedAmount');
  },
  MEDIA_ITEMS_INFO: (p) => delete asEntity(p.media).itemsInfo,
  THUMBNAIL: (p) => delete asEntity(p.media).thumbnail,
  DIRECT_CATEGORIES_INFO: (p) => delete p.directCategoriesInfo,
  ALL_CATEGORIES_INFO: (p) => delete p.allCategoriesInfo,
  BREADCRUMBS_INFO: (p) => delete p.breadcrumbsInfo,
  INFO_SECTION: (p) => delete p.infoSections,
  WEIGHT_MEASUREMENT_UNIT_INFO: (p) => delete asEntity(p.physicalProperties).weightMeasurementUnitInfo,
  SUBSCRIPTION_PRICES_INFO: (p) => dropKey(p, 'subscriptionPricesInfo'),
  MERCHANT_DATA: (p) => {
    delete p.costRange;
    dropKey(p.variantsInfo, 'revenueDetails');
  },
};

/** A copy of the product as Wix answers it: the heavy parts only when `fields` asked for them. */
function projected(product: Entity, fields: Set<string>): Entity {
  const copy = structuredClone(product);
  for (const [field, remove] of Object.entries(ON_REQUEST)) if (!fields.has(field)) remove(copy);
  return copy;
}

/** A single-product answer for a request with `fields` in its body (create, update). */
const answerWith = (product: Entity, body: unknown) => ({
  body: { product: projected(product, requestedFields(asEntity(body).fields, SINGLE_FIELDS)) },
});
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

/** An option with its choices, by id (once the product has them) and by name. */
interface OptionChoices {
  id: unknown;
  name: string;
  renderType: unknown;
  choices: { id: unknown; name: string }[];
}

const optionsOf = (options: unknown): OptionChoices[] =>
  asEntities(options).map((o) => ({
    id: o.id,
    name: String(o.name),
    renderType: o.optionRenderType,
    choices: asEntities(asEntity(o.choicesSettings).choices).map((c) => ({
      id: c.choiceId,
      name: String(c.name),
    })),
  }));

/** The option and choice a variant's choice picks: by `optionChoiceIds` when it has them, else by `optionChoiceNames`. */
function pickOf(options: OptionChoices[], choice: Entity) {
  const ids = asEntity(choice.optionChoiceIds);
  const names = asEntity(choice.optionChoiceNames);
  const byIds = ids.optionId !== undefined;
  const option = options.find((o) =>
    byIds ? o.id !== undefined && o.id === ids.optionId : o.name === names.optionName,
  );
  const picked = option?.choices.find((c) =>
    byIds ? c.id !== undefined && c.id === ids.choiceId : c.name === String(names.choiceName),
  );
  return option && picked ? { option, choice: picked } : undefined;
}

/**
 * Every variant must pick one choice of each option, by `optionChoiceIds` or `optionChoiceNames` (Wix answers
 * VariantsNotAlignedWithProduct / MissingVariantOptionChoice otherwise; the field names are Wix's SDK's).
 */
function variantChoiceViolations(input: Entity): FieldViolation[] {
  const options = optionsOf(input.options);
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
    const picks = asEntities(variant.choices).map((c) => pickOf(options, c));
    const aligned =
      picks.length === options.length &&
      picks.every((p) => p !== undefined) &&
      new Set(picks.map((p) => p?.option)).size === options.length;
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

/**
 * Fills the fields Wix derives after a create or update: option and choice ids, each variant's choices by id and
 * by name, variant ids, price ranges and the variant count.
 */
function derive(product: Entity): void {
  product.options = asEntities(product.options).map((o) => {
    const settings = asEntity(o.choicesSettings);
    const choices = asEntities(settings.choices).map((c) => ({ ...c, choiceId: c.choiceId ?? newId() }));
    return { ...o, id: o.id ?? newId(), choicesSettings: { ...settings, choices } };
  });
  const options = optionsOf(product.options);
  const variants = asEntities(asEntity(product.variantsInfo).variants).map((variant) => {
    const amount = amountOf(variant) ?? '0';
    const choices = asEntities(variant.choices).map((c) => {
      const pick = pickOf(options, c);
      if (!pick) return c;
      return {
        optionChoiceIds: { optionId: pick.option.id, choiceId: pick.choice.id },
        optionChoiceNames: {
          optionName: pick.option.name,
          choiceName: pick.choice.name,
          renderType: pick.option.renderType,
        },
      };
    });
    const out: Entity = {
      id: variant.id ?? newId(),
      visible: variant.visible ?? true,
      physicalProperties: variant.physicalProperties ?? {},
      ...variant,
      choices,
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
  return answerWith(product, ctx.body);
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
  // Arrays (options, variants…) are replaced wholesale, as docs/wix-behaviour.md#stores-catalog-v3 says.
  for (const [key, value] of Object.entries(input)) if (!READ_ONLY.has(key)) product[key] = value;
  product.revision = String(Number(product.revision) + 1);
  product.updatedDate = ctx.now.toISOString();
  derive(product);
  return answerWith(product, ctx.body);
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
  throw new WixRefusal(400, { message: first.reason, details: { validationError: { fieldViolations } } });
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
  // Query/Search do not return variants (docs/wix-behaviour.md#stores-catalog-v3).
  const fields = requestedFields(asEntity(ctx.body).fields, LIST_FIELDS);
  const products = items.map(({ variantsInfo: _variants, ...rest }) => projected(rest, fields));
  return { body: { products, pagingMetadata: metadata } };
}

/** Stores Catalog V3 products (docs/wix-behaviour.md#stores-catalog-v3; V3 sites only, 428 on V1 sites). */
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
    handler: (ctx) => {
      const product = productOf(ctx, ctx.params.productId);
      return {
        body: { product: projected(product, requestedFields(ctx.query.getAll('fields'), SINGLE_FIELDS)) },
      };
    },
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
