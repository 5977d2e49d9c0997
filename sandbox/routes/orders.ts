import { randomBytes } from 'node:crypto';
import { type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntity, type Entity, field } from '../fixtures.ts';
import {
  cursorPage,
  matchesFilter,
  parseModernSort,
  readCursorRequest,
  type SortKey,
  sortEntities,
} from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const DEFAULT_SORT: SortKey[] = [{ field: 'createdDate', order: 'DESC' }];

/** `POST /ecom/v1/orders/search`: cursor paging (default and max 100), `createdDate DESC`, INITIALIZED hidden. */
function searchOrders(ctx: ApiContext) {
  const search = asEntity(asEntity(ctx.body).search);
  // Proto-JSON accepts `cursor_paging` too, and Wix's own Search Orders examples send it.
  const state = readCursorRequest(search, field(search, 'cursorPaging'), 'search.cursorPaging', 100, 100);
  const matching = [...ctx.site.orders.values()].filter(
    (order) => order.status !== 'INITIALIZED' && matchesFilter(order, state.filter),
  );
  const sort = parseModernSort(state.sort, 'search.sort');
  const sorted = sortEntities(matching, sort.length ? sort : DEFAULT_SORT);
  const { items, metadata } = cursorPage(sorted, state);
  return { body: { orders: items.map((o) => structuredClone(o)), metadata } };
}

function getOrder(ctx: ApiContext) {
  const order = ctx.site.orders.get(ctx.params.id ?? '');
  if (!order) throw notFound('Order', String(ctx.params.id));
  return { body: { order: structuredClone(order) } };
}

/**
 * Generate Orders PDF Link, at both documented paths, same body (docs/wix-behaviour.md#orders-pdf). Whether Wix
 * accepts eCom-only orders is UNCONFIRMED; the sandbox accepts any order it knows and 404s unknown ids.
 */
function generatePdf(ctx: ApiContext) {
  const orderIds = asEntity(ctx.body).orderIds;
  if (!Array.isArray(orderIds) || orderIds.length === 0) {
    throw invalidField('orderIds', 'orderIds must be a non-empty array', 'REQUIRED_FIELD');
  }
  const violations: FieldViolation[] = orderIds.flatMap((id, i) =>
    typeof id === 'string' && id
      ? []
      : [{ field: `orderIds[${i}]`, description: 'must be an order id', violatedRule: 'FORMAT' as const }],
  );
  if (violations.length) throw validationError(violations);
  const missing = (orderIds as string[]).filter((id) => !ctx.site.orders.has(id));
  if (missing.length) throw notFound('Order', missing.join(', '));
  const fileName = `orders_${ctx.now.getTime()}.pdf`;
  const token = randomBytes(24).toString('base64url');
  const link = `https://wixmp-sandbox.appspot.com/_api/download/file?downloadToken=${token}&fileName=${fileName}`;
  return { body: { link } };
}

/** eCom orders: search, get, and the orders PDF link (also at the older Stores v2 path). */
export const orderRoutes: ApiRoute[] = [
  { method: 'POST', path: '/ecom/v1/orders/search', handler: searchOrders },
  { method: 'POST', path: '/ecom/v1/orders/generatePDF', handler: generatePdf },
  { method: 'POST', path: '/stores/v2/orders/generatePDF', handler: generatePdf },
  { method: 'GET', path: '/ecom/v1/orders/:id', handler: getOrder },
];

/** The stored order or a 404 (shared by fulfillments and payments). */
export function orderOf(ctx: ApiContext, id: string | undefined): Entity {
  const order = id === undefined ? undefined : ctx.site.orders.get(id);
  if (!order || id === undefined) throw notFound('Order', String(id));
  return order;
}
