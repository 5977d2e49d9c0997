import { requireCatalog } from '../catalog.ts';
import { applicationError, type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import {
  cursorPage,
  matchesFilter,
  parseModernSort,
  readCursorRequest,
  type SortKey,
  sortEntities,
} from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { WIX_STORES_APP_ID } from '../seed.ts';
import { newId, type Site } from '../state.ts';
import { slugify, uniqueSlug } from '../text.ts';

/** The only category tree Wix supports today (`@wix/auto_sdk_categories_categories` TreeReference.appNamespace). */
const STORES_NAMESPACE = '@wix/stores';
const DEFAULT_SORT: SortKey[] = [{ field: 'createdDate', order: 'DESC' }];

/** Where a call carries `treeReference`: the body, or for GET/DELETE `treeReference.appNamespace` query parameters. */
type TreeIn = 'body' | 'query';

/**
 * Reads the required `treeReference` (400 when missing, or naming any tree but Stores'), then checks the site
 * is on Catalog V3 (428 otherwise).
 */
function requireTree(ctx: ApiContext, from: TreeIn): string {
  const namespace =
    from === 'body'
      ? asEntity(asEntity(ctx.body).treeReference).appNamespace
      : ctx.query.get('treeReference.appNamespace');
  if (typeof namespace !== 'string' || namespace === '') {
    throw invalidField(
      'treeReference.appNamespace',
      'treeReference.appNamespace is required',
      'REQUIRED_FIELD',
    );
  }
  if (namespace !== STORES_NAMESPACE) {
    throw invalidField(
      'treeReference.appNamespace',
      `unsupported appNamespace ${namespace}: only ${STORES_NAMESPACE} is supported`,
      'CUSTOM',
    );
  }
  requireCatalog(ctx.site, 'V3_CATALOG');
  return namespace;
}

const categoryOf = (ctx: ApiContext, id: string | undefined, from: TreeIn): Entity => {
  requireTree(ctx, from);
  const category = id === undefined ? undefined : ctx.site.categories.get(id);
  if (!category || id === undefined) throw notFound('Category', String(id));
  return category;
};

const itemCount = (site: Site, id: string) => site.categoryItems.get(id)?.length ?? 0;

/** Whether the request asks for the description: `fields` in the body or as query parameters. */
const wantsDescription = (ctx: ApiContext): boolean => {
  const fromBody = asEntity(ctx.body).fields;
  const fields = Array.isArray(fromBody) ? fromBody.map(String) : ctx.query.getAll('fields');
  return fields.includes('DESCRIPTION');
};

/**
 * A category as served: item counters under both documented names (2023 examples and current docs); the
 * plain-text description only when asked for with `fields: ["DESCRIPTION"]` (as Wix's Category docs say).
 */
const render = (site: Site, category: Entity, withDescription = false): Entity => {
  const count = itemCount(site, String(category.id));
  const out = structuredClone(category);
  if (!withDescription) delete out.description;
  return {
    ...out,
    numberOfItems: count,
    totalNumberOfItems: count,
    itemCounter: count,
    totalItemCounter: count,
  };
};

function createCategory(ctx: ApiContext) {
  const namespace = requireTree(ctx, 'body');
  const input = asEntity(asEntity(ctx.body).category);
  const violations: FieldViolation[] = [];
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 80) {
    violations.push({
      field: 'category.name',
      description: 'name must be 1-80 characters',
      violatedRule: 'CUSTOM',
    });
  }
  const parentId = asEntity(input.parentCategory).id;
  if (parentId !== undefined && !ctx.site.categories.has(String(parentId))) {
    violations.push({
      field: 'category.parentCategory.id',
      description: 'parent not found',
      violatedRule: 'CUSTOM',
    });
  }
  if (violations.length) throw validationError(violations);
  const name = String(input.name);
  const taken = new Set([...ctx.site.categories.values()].map((c) => String(c.slug)));
  const stamp = ctx.now.toISOString();
  const siblings = [...ctx.site.categories.values()].filter(
    (c) => asEntity(c.parentCategory).id === parentId,
  );
  const category: Entity = {
    id: newId(),
    revision: '1',
    createdDate: stamp,
    updatedDate: stamp,
    name,
    visible: input.visible ?? true,
    parentCategory:
      parentId === undefined ? { index: siblings.length } : { id: parentId, index: siblings.length },
    slug: uniqueSlug(typeof input.slug === 'string' && input.slug ? input.slug : slugify(name), taken),
    treeReference: { appNamespace: namespace },
  };
  if (typeof input.description === 'string') category.description = input.description;
  if (input.image !== undefined) category.image = input.image;
  ctx.site.categories.set(String(category.id), category);
  ctx.site.categoryItems.set(String(category.id), []);
  return { body: { category: render(ctx.site, category, wantsDescription(ctx)) } };
}

function updateCategory(ctx: ApiContext) {
  const category = categoryOf(ctx, ctx.params.id, 'body');
  const input = asEntity(asEntity(ctx.body).category);
  if (input.revision === undefined || input.revision === null || input.revision === '') {
    throw invalidField('category.revision', 'revision is required', 'REQUIRED_FIELD');
  }
  if (String(input.revision) !== String(category.revision)) {
    throw applicationError(
      409,
      'REVISION_MISMATCH',
      'The category has changed since the requested revision',
      {
        currentRevision: category.revision,
      },
    );
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw invalidField('category.name', 'name must be a non-empty string');
  }
  // Wix's Category docs: `visible` "can only be changed using Update Category Visibility" (a 400 here is UNCONFIRMED).
  if (input.visible !== undefined) {
    throw invalidField(
      'category.visible',
      'visible can only be changed with Update Category Visibility',
      'CUSTOM',
    );
  }
  for (const key of ['name', 'description', 'image', 'slug'] as const) {
    if (input[key] !== undefined) category[key] = input[key];
  }
  category.revision = String(Number(category.revision) + 1);
  category.updatedDate = ctx.now.toISOString();
  return { body: { category: render(ctx.site, category, wantsDescription(ctx)) } };
}

/** `PATCH /categories/v1/categories/visibility` `{categoryId, visible, treeReference, revision}`. */
function updateVisibility(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  const category = categoryOf(ctx, typeof body.categoryId === 'string' ? body.categoryId : undefined, 'body');
  if (typeof body.visible !== 'boolean')
    throw invalidField('visible', 'visible is required', 'REQUIRED_FIELD');
  if (body.revision === undefined || body.revision === null || body.revision === '') {
    throw invalidField('revision', 'revision is required', 'REQUIRED_FIELD');
  }
  if (String(body.revision) !== String(category.revision)) {
    throw applicationError(
      409,
      'REVISION_MISMATCH',
      'The category has changed since the requested revision',
      {
        currentRevision: category.revision,
      },
    );
  }
  category.visible = body.visible;
  category.revision = String(Number(category.revision) + 1);
  category.updatedDate = ctx.now.toISOString();
  return { body: { category: render(ctx.site, category, wantsDescription(ctx)) } };
}

function deleteCategory(ctx: ApiContext) {
  const category = categoryOf(ctx, ctx.params.categoryId, 'query');
  // Deleting a category deletes its subcategories too (docs/wix-behaviour.md#categories).
  const doomed = [String(category.id)];
  for (let i = 0; i < doomed.length; i++) {
    for (const c of ctx.site.categories.values()) {
      if (asEntity(c.parentCategory).id === doomed[i]) doomed.push(String(c.id));
    }
  }
  for (const id of doomed) {
    ctx.site.categories.delete(id);
    ctx.site.categoryItems.delete(id);
  }
  syncProductCategories(ctx.site);
  return { body: {} };
}

function queryCategories(ctx: ApiContext) {
  requireTree(ctx, 'body');
  const body = asEntity(ctx.body);
  const query = asEntity(body.query);
  const includeHidden = body.returnNonVisibleCategories === true || body.includeHidden === true;
  const state = readCursorRequest(query, query.cursorPaging, 'query.cursorPaging', 100, 1000);
  const matching = [...ctx.site.categories.values()].filter(
    (c) => (includeHidden || c.visible !== false) && matchesFilter(c, state.filter),
  );
  const sort = parseModernSort(state.sort);
  const sorted = sortEntities(matching, sort.length ? sort : DEFAULT_SORT);
  const { items, metadata } = cursorPage(sorted, state);
  const description = wantsDescription(ctx);
  return {
    body: { categories: items.map((c) => render(ctx.site, c, description)), pagingMetadata: metadata },
  };
}

const readItems = (body: unknown): Entity[] => {
  const items = asEntity(body).items;
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
    throw invalidField('items', 'items must hold 1-100 item references', 'CUSTOM');
  }
  const refs = asEntities(items);
  const violations = refs.flatMap((ref, i): FieldViolation[] =>
    typeof ref.catalogItemId === 'string' && typeof ref.appId === 'string'
      ? []
      : [
          {
            field: `items[${i}]`,
            description: 'catalogItemId and appId are required',
            violatedRule: 'REQUIRED_FIELD',
          },
        ],
  );
  if (violations.length || refs.length !== items.length) throw validationError(violations);
  return refs;
};

/** Mirrors category membership into each V3 product's `directCategoriesInfo` / `allCategoriesInfo`. */
function syncProductCategories(site: Site): void {
  for (const product of site.productsV3.values()) {
    const categories = [...site.categoryItems.entries()]
      .filter(([, refs]) => refs.some((r) => r.catalogItemId === product.id))
      .map(([id, refs]) => ({ id, index: refs.findIndex((r) => r.catalogItemId === product.id) }));
    product.directCategoriesInfo = { categories };
    product.allCategoriesInfo = { categories: structuredClone(categories) };
  }
}

function changeItems(ctx: ApiContext, adding: boolean) {
  const category = categoryOf(ctx, ctx.params.categoryId, 'body');
  const refs = readItems(ctx.body);
  const current = ctx.site.categoryItems.get(String(category.id)) ?? [];
  // Each result names its item under `itemMetadata.item` (BulkItemsToCategoryResult in Wix's SDK).
  const results = refs.map((ref, originalIndex) => {
    const item = { catalogItemId: ref.catalogItemId, appId: ref.appId };
    const index = current.findIndex((r) => r.catalogItemId === ref.catalogItemId && r.appId === ref.appId);
    const known = ref.appId !== WIX_STORES_APP_ID || ctx.site.productsV3.has(String(ref.catalogItemId));
    if (!known) {
      return {
        itemMetadata: {
          item,
          originalIndex,
          success: false,
          error: { code: 'NOT_FOUND', description: 'No such product' },
        },
      };
    }
    if (adding && index === -1) current.push(item);
    if (!adding && index !== -1) current.splice(index, 1);
    return { itemMetadata: { item, originalIndex, success: true } };
  });
  ctx.site.categoryItems.set(String(category.id), current);
  syncProductCategories(ctx.site);
  const failures = results.filter((r) => !r.itemMetadata.success).length;
  return {
    body: {
      results,
      bulkActionMetadata: {
        totalSuccesses: results.length - failures,
        totalFailures: failures,
        undetailedFailures: 0,
      },
    },
  };
}

/** The Categories API (Catalog V3's collections, docs/wix-behaviour.md#categories). */
export const categoryRoutes: ApiRoute[] = [
  { method: 'POST', path: '/categories/v1/categories/query', handler: queryCategories },
  { method: 'POST', path: '/categories/v1/categories', handler: createCategory },
  { method: 'PATCH', path: '/categories/v1/categories/visibility', handler: updateVisibility },
  {
    method: 'GET',
    path: '/categories/v1/categories/:categoryId',
    handler: (ctx) => ({
      body: {
        category: render(ctx.site, categoryOf(ctx, ctx.params.categoryId, 'query'), wantsDescription(ctx)),
      },
    }),
  },
  { method: 'PATCH', path: '/categories/v1/categories/:id', handler: updateCategory },
  { method: 'DELETE', path: '/categories/v1/categories/:categoryId', handler: deleteCategory },
  {
    method: 'POST',
    path: '/categories/v1/bulk/categories/:categoryId/add-items',
    handler: (ctx) => changeItems(ctx, true),
  },
  {
    method: 'POST',
    path: '/categories/v1/bulk/categories/:categoryId/remove-items',
    handler: (ctx) => changeItems(ctx, false),
  },
];
