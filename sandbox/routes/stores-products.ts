import { requireCatalog } from '../catalog.ts';
import { type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import { parseLegacyQuery } from '../legacy-query.ts';
import { v1PriceData } from '../money.ts';
import { type FieldAliases, matchesFilter, type SortKey, sortEntities } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { ALL_PRODUCTS_COLLECTION_ID } from '../seed.ts';
import { newId, type Site } from '../state.ts';
import { slugify, uniqueSlug } from '../text.ts';

/** Filter/sort names of Query Products mapped to the stored product fields (docs/wix-behaviour.md#stores-catalog-v1). */
const PRODUCT_ALIASES: FieldAliases = {
  'collections.id': 'collectionIds',
  price: 'priceData.price',
  inventoryStatus: 'stock.inventoryStatus',
};

/** UNCONFIRMED default order: the documented Query Products example lists the newest product first. */
const DEFAULT_SORT: SortKey[] = [{ field: 'numericId', order: 'DESC' }];

const DEFAULT_VARIANT_ID = '00000000-0000-0000-0000-000000000000';
const STORE_BASE_URL = 'https://wixsite.com/examplestore';

const productOf = (ctx: ApiContext, id: string | undefined): Entity => {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const product = id === undefined ? undefined : ctx.site.products.get(id);
  if (!product || id === undefined) throw notFound('Product', String(id));
  return product;
};

const nextNumericId = (site: Site, now: Date): string => {
  const fromClock = BigInt(now.getTime()) * 1000n;
  site.lastNumericId = fromClock > site.lastNumericId ? fromClock : site.lastNumericId + 1n;
  return site.lastNumericId.toString();
};

/** Validates a V1 product body; on create `name` and `priceData.price` are required (Wix's requiredFields). */
function readProductInput(body: unknown, creating: boolean): Entity {
  const outer = asEntity(body);
  if (outer.product === undefined) throw invalidField('product', 'product is required', 'REQUIRED_FIELD');
  const input = asEntity(outer.product);
  const violations: FieldViolation[] = [];
  const name = input.name;
  if (creating && (typeof name !== 'string' || name.trim() === '')) {
    violations.push({
      field: 'product.name',
      description: 'name is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  } else if (name !== undefined && (typeof name !== 'string' || name.length > 80 || name.trim() === '')) {
    violations.push({
      field: 'product.name',
      description: 'name must be 1-80 characters',
      violatedRule: 'MAX_LENGTH',
    });
  }
  // `price` is the deprecated alias of `priceData` (docs/wix-behaviour.md#stores-catalog-v1).
  const priceBlock = asEntity(input.priceData ?? input.price);
  const price = priceBlock.price;
  if (creating && price === undefined) {
    violations.push({
      field: 'product.priceData.price',
      description: 'price is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  } else if (price !== undefined && (typeof price !== 'number' || price < 0)) {
    violations.push({
      field: 'product.priceData.price',
      description: 'must be a number >= 0',
      violatedRule: 'MIN',
    });
  }
  if (input.productType !== undefined && input.productType !== 'physical') {
    violations.push({
      field: 'product.productType',
      description: 'only "physical" products can be created through the API',
      violatedRule: 'CUSTOM',
    });
  }
  if (input.visible !== undefined && typeof input.visible !== 'boolean') {
    violations.push({ field: 'product.visible', description: 'must be a boolean', violatedRule: 'FORMAT' });
  }
  if (input.weight !== undefined && (typeof input.weight !== 'number' || input.weight < 0)) {
    violations.push({ field: 'product.weight', description: 'must be a number >= 0', violatedRule: 'MIN' });
  }
  const discount = input.discount === undefined ? undefined : asEntity(input.discount);
  if (discount && !['AMOUNT', 'PERCENT', 'NONE'].includes(String(discount.type))) {
    violations.push({
      field: 'product.discount.type',
      description: 'must be AMOUNT or PERCENT',
      violatedRule: 'CUSTOM',
    });
  }
  if (input.productOptions !== undefined && !Array.isArray(input.productOptions)) {
    violations.push({
      field: 'product.productOptions',
      description: 'must be an array',
      violatedRule: 'FORMAT',
    });
  }
  if (violations.length) throw validationError(violations);
  return input;
}

const normaliseOptions = (options: unknown): Entity[] =>
  asEntities(options).map((option) => ({
    optionType: option.optionType ?? 'drop_down',
    name: option.name,
    choices: asEntities(option.choices).map((choice) => ({
      value: choice.value,
      description: choice.description ?? choice.value,
      inStock: true,
      visible: true,
    })),
  }));

/** Variants as Wix generates them: one per combination of option choices, or the single default variant. */
function buildVariants(product: Entity, previous: Entity[]): Entity[] {
  const options = asEntities(product.productOptions);
  let combos: Record<string, string>[] = [{}];
  if (product.manageVariants === true) {
    for (const option of options) {
      const name = String(option.name);
      combos = combos.flatMap((combo) =>
        asEntities(option.choices).map((choice) => ({
          ...combo,
          [name]: String(choice.description ?? choice.value),
        })),
      );
    }
  }
  const priceData = asEntity(product.priceData);
  return combos.map((choices, index) => {
    const key = JSON.stringify(choices);
    const known = previous.find((v) => JSON.stringify(v.choices ?? {}) === key);
    const variant: Entity = {
      priceData: structuredClone(priceData),
      convertedPriceData: structuredClone(priceData),
      weight: product.weight ?? 0,
      sku: product.sku ?? '',
      visible: product.visible ?? true,
    };
    const id = known?.id ?? (Object.keys(choices).length === 0 && index === 0 ? DEFAULT_VARIANT_ID : newId());
    return { id, choices, variant };
  });
}

/** Recomputes everything Wix derives from the writable fields (prices, ranges, ribbons, variants). */
function derive(product: Entity, previousVariants: Entity[]): void {
  const price = Number(asEntity(product.priceData).price ?? 0);
  const priceData = v1PriceData(price, asEntity(product.discount));
  product.priceData = priceData;
  product.price = structuredClone(priceData);
  product.convertedPriceData = structuredClone(priceData);
  product.priceRange = { minValue: price, maxValue: price };
  const weight = typeof product.weight === 'number' ? product.weight : 0;
  product.weightRange = { minValue: 0, maxValue: weight };
  const itemCost = asEntity(product.costAndProfitData).itemCost;
  product.costRange = { minValue: 0, maxValue: typeof itemCost === 'number' ? itemCost : 0 };
  product.ribbons = typeof product.ribbon === 'string' && product.ribbon ? [{ text: product.ribbon }] : [];
  product.variants = buildVariants(product, previousVariants);
}

const WRITABLE = [
  'name',
  'description',
  'sku',
  'visible',
  'weight',
  'ribbon',
  'brand',
  'discount',
  'manageVariants',
  'costAndProfitData',
  'additionalInfoSections',
  'customTextFields',
  'seoData',
  'slug',
] as const;

function createProduct(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const input = readProductInput(ctx.body, true);
  const name = String(input.name);
  const taken = new Set([...ctx.site.products.values()].map((p) => String(p.slug)));
  const slug = uniqueSlug(typeof input.slug === 'string' && input.slug ? input.slug : slugify(name), taken);
  const stamp = ctx.now.toISOString();
  const product: Entity = {
    id: newId(),
    name,
    slug,
    visible: input.visible ?? true,
    productType: 'physical',
    description: input.description ?? '',
    sku: input.sku ?? '',
    weight: input.weight ?? 0,
    stock: { trackInventory: false, inStock: true, inventoryStatus: 'IN_STOCK' },
    priceData: asEntity(input.priceData ?? input.price),
    additionalInfoSections: [],
    media: { items: [] },
    customTextFields: [],
    manageVariants: input.manageVariants === true,
    productOptions: normaliseOptions(input.productOptions),
    productPageUrl: { base: STORE_BASE_URL, path: `/product-page/${slug}` },
    numericId: nextNumericId(ctx.site, ctx.now),
    inventoryItemId: newId(),
    discount: input.discount ?? { type: 'NONE', value: 0 },
    collectionIds: [ALL_PRODUCTS_COLLECTION_ID],
    lastUpdated: stamp,
    createdDate: stamp,
    ribbon: input.ribbon ?? '',
  };
  for (const key of WRITABLE)
    if (input[key] !== undefined && product[key] === undefined) product[key] = input[key];
  derive(product, []);
  ctx.site.products.set(String(product.id), product);
  return { body: { product: structuredClone(product) } };
}

function updateProduct(ctx: ApiContext) {
  const product = productOf(ctx, ctx.params.id);
  const input = readProductInput(ctx.body, false);
  if (input.id !== undefined && input.id !== product.id) {
    throw invalidField('product.id', 'product.id must match the id in the path');
  }
  for (const key of WRITABLE) if (input[key] !== undefined) product[key] = input[key];
  if (input.priceData !== undefined || input.price !== undefined) {
    product.priceData = { ...asEntity(product.priceData), ...asEntity(input.priceData ?? input.price) };
  }
  if (input.productOptions !== undefined) product.productOptions = normaliseOptions(input.productOptions);
  if (input.slug !== undefined)
    product.productPageUrl = { base: STORE_BASE_URL, path: `/product-page/${input.slug}` };
  product.lastUpdated = ctx.now.toISOString();
  derive(product, asEntities(product.variants));
  return { body: { product: structuredClone(product) } };
}

function getProduct(ctx: ApiContext) {
  return { body: { product: structuredClone(productOf(ctx, ctx.params.id)) } };
}

/**
 * Add Product Media (`POST /stores/v1/products/{id}/media`): `{media: [{mediaId} | {url, choice?}]}`, appended
 * in order; the first image becomes the main media when there is none. Answers `{}`.
 */
function addProductMedia(ctx: ApiContext) {
  const product = productOf(ctx, ctx.params.id);
  const media = asEntity(ctx.body).media;
  if (!Array.isArray(media) || media.length === 0) {
    throw invalidField('media', 'media must be a non-empty array', 'REQUIRED_FIELD');
  }
  const violations: FieldViolation[] = [];
  const items = asEntities(media).map((item, i) => {
    const hasUrl = typeof item.url === 'string' && /^https?:\/\//.test(item.url);
    const hasId = typeof item.mediaId === 'string' && item.mediaId !== '';
    if (hasUrl === hasId) {
      violations.push({
        field: `media[${i}]`,
        description: 'exactly one of url (http/https) or mediaId',
        violatedRule: 'CUSTOM',
      });
    }
    const choice = asEntity(item.choice);
    const options = asEntities(product.productOptions);
    if (item.choice !== undefined && !options.some((o) => o.name === choice.option)) {
      violations.push({
        field: `media[${i}].choice.option`,
        description: 'not an option of the product',
        violatedRule: 'CUSTOM',
      });
    }
    const url = hasUrl ? String(item.url) : `https://static.wixstatic.com/media/${String(item.mediaId)}`;
    const id = hasId ? String(item.mediaId) : `${newId().replace(/-/g, '')}.jpg`;
    return {
      image: { url, width: 1000, height: 1000 },
      thumbnail: { url, width: 50, height: 50 },
      mediaType: 'image',
      title: '',
      id,
    };
  });
  if (media.length !== items.length) {
    violations.push({ field: 'media', description: 'each item must be an object', violatedRule: 'FORMAT' });
  }
  if (violations.length) throw validationError(violations);
  const current = asEntity(product.media);
  const all = [...asEntities(current.items), ...items];
  product.media = { mainMedia: current.mainMedia ?? all[0], items: all };
  product.lastUpdated = ctx.now.toISOString();
  return { body: {} };
}

function deleteProduct(ctx: ApiContext) {
  const product = productOf(ctx, ctx.params.id);
  ctx.site.products.delete(String(product.id));
  return { body: {} };
}

function queryProducts(ctx: ApiContext) {
  requireCatalog(ctx.site, 'V1_CATALOG');
  const body = asEntity(ctx.body);
  const query = parseLegacyQuery(ctx.body);
  const includeHidden = body.includeHiddenProducts === true;
  const matching = [...ctx.site.products.values()].filter(
    (p) => (includeHidden || p.visible !== false) && matchesFilter(p, query.filter, PRODUCT_ALIASES),
  );
  const sorted = sortEntities(matching, query.sort.length ? query.sort : DEFAULT_SORT, PRODUCT_ALIASES);
  const page = sorted.slice(query.offset, query.offset + query.limit).map((p) => {
    const out = structuredClone(p);
    if (body.includeVariants !== true) out.variants = [];
    return out;
  });
  return {
    body: {
      products: page,
      metadata: { items: query.limit, offset: query.offset },
      totalResults: matching.length,
    },
  };
}

/** Stores Catalog V1 products (docs/wix-behaviour.md#stores-catalog-v1); `/stores-reader/v1` read paths share the handlers. */
export const storesProductRoutes: ApiRoute[] = [
  { method: 'POST', path: '/stores/v1/products/query', handler: queryProducts },
  { method: 'POST', path: '/stores-reader/v1/products/query', handler: queryProducts },
  { method: 'POST', path: '/stores/v1/products', handler: createProduct },
  { method: 'POST', path: '/stores/v1/products/:id/media', handler: addProductMedia },
  { method: 'GET', path: '/stores/v1/products/:id', handler: getProduct },
  { method: 'GET', path: '/stores-reader/v1/products/:id', handler: getProduct },
  { method: 'PATCH', path: '/stores/v1/products/:id', handler: updateProduct },
  { method: 'DELETE', path: '/stores/v1/products/:id', handler: deleteProduct },
];
