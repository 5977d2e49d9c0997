import type { WixFilter } from './fields.ts';

/** Legacy Stores / coupons queries answer at most 100 items per page (docs/wix-behaviour.md#paging). */
export const LEGACY_PAGE_SIZE = 100;
/** Stores queries page by offset up to ~10,000 items, then crawl by `numericId` (docs/wix-behaviour.md#paging). */
export const STORES_OFFSET_CEILING = 10_000;

export interface OffsetPaging {
  limit: number;
  offset: number;
}

export interface CursorPaging {
  limit: number;
  cursor?: string;
}

/**
 * The `query` of a legacy Stores or coupons call: `filter`, `sort` as JSON strings (docs/wix-behaviour.md#query-bodies),
 * sort in the documented `[{"field": "asc"}]` form.
 */
export function legacyQuery(
  options: { filter?: WixFilter; sort?: string; order?: 'asc' | 'desc' },
  paging: OffsetPaging,
): { filter?: string; sort?: string; paging: OffsetPaging } {
  return {
    ...(options.filter === undefined ? {} : { filter: JSON.stringify(options.filter) }),
    ...(options.sort === undefined
      ? {}
      : { sort: JSON.stringify([{ [options.sort]: options.order ?? 'asc' }]) }),
    paging,
  };
}

/** A modern sort (`[{fieldName, order}]`), or nothing for the API's default. */
export const modernSort = (sort: string | undefined, order: 'asc' | 'desc' = 'asc') =>
  sort === undefined ? undefined : [{ fieldName: sort, order: order.toUpperCase() as 'ASC' | 'DESC' }];

/**
 * The query (or search) of a modern cursor-paged call: the first page carries `filter` and `sort`, later pages
 * only the cursor, as Wix's SDK sends them.
 */
export function cursorQuery(
  options: { filter?: WixFilter; sort?: string; order?: 'asc' | 'desc' },
  cursorPaging: CursorPaging,
): { filter?: WixFilter; sort?: ReturnType<typeof modernSort>; cursorPaging: CursorPaging } {
  if (cursorPaging.cursor !== undefined) return { cursorPaging };
  return {
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.sort === undefined ? {} : { sort: modernSort(options.sort, options.order) }),
    cursorPaging,
  };
}

/**
 * Gathers up to `limit` items with offset paging: pages of `pageSize`, until a short page, the reported
 * total, or `limit`. Throws what `fetchPage` throws.
 */
export async function pageByOffset<T>(
  limit: number,
  pageSize: number,
  fetchPage: (paging: OffsetPaging) => Promise<{ items: T[]; total?: number }>,
): Promise<T[]> {
  const items: T[] = [];
  let offset = 0;
  while (items.length < limit) {
    const wanted = Math.min(pageSize, limit - items.length);
    const page = await fetchPage({ limit: wanted, offset });
    items.push(...page.items.slice(0, limit - items.length));
    offset += page.items.length;
    if (page.items.length < wanted) break;
    if (page.total !== undefined && offset >= page.total) break;
  }
  return items;
}

/**
 * Gathers up to `limit` items with cursor paging. The first request carries the filter and sort; later
 * ones only `cursorPaging.cursor` (Wix encodes the query in the cursor, as its SDK's query builder does).
 */
export async function pageByCursor<T>(
  limit: number,
  pageSize: number,
  fetchPage: (cursorPaging: CursorPaging) => Promise<{ items: T[]; next?: string | null; hasNext?: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  while (items.length < limit) {
    const wanted = Math.min(pageSize, limit - items.length);
    const page = await fetchPage(cursor === undefined ? { limit: wanted } : { limit: wanted, cursor });
    items.push(...page.items.slice(0, limit - items.length));
    if (!page.next || page.hasNext === false || page.items.length === 0) break;
    cursor = page.next;
  }
  return items;
}

/**
 * Gathers up to `limit` Stores items past the offset ceiling, as Wix's Stores pagination guide says: sort by
 * `numericId` ascending and ask for `numericId > last seen` until a page comes back empty.
 */
export async function crawlByNumericId<T extends { numericId?: unknown }>(
  limit: number,
  filter: WixFilter | undefined,
  fetchPage: (query: { filter?: string; sort: string; paging: OffsetPaging }) => Promise<T[]>,
): Promise<T[]> {
  const items: T[] = [];
  let last: number | string | undefined;
  while (items.length < limit) {
    const wanted = Math.min(LEGACY_PAGE_SIZE, limit - items.length);
    const pageFilter = last === undefined ? filter : afterNumericId(filter, last);
    const page = await fetchPage({
      ...(pageFilter === undefined ? {} : { filter: JSON.stringify(pageFilter) }),
      sort: JSON.stringify([{ numericId: 'asc' }]),
      paging: { limit: wanted, offset: 0 },
    });
    items.push(...page.slice(0, limit - items.length));
    const next = numericIdOf(page.at(-1));
    if (page.length < wanted || next === undefined) break;
    last = next;
  }
  return items;
}

/** The user's filter narrowed to `numericId > last` (an `$and` when the filter already names numericId). */
function afterNumericId(filter: WixFilter | undefined, last: number | string): WixFilter {
  const condition = { numericId: { $gt: last } };
  if (filter === undefined) return condition;
  if ('numericId' in filter) return { $and: [filter, condition] };
  return { ...filter, ...condition };
}

/** V1 numericIds are int64 (sent as JSON numbers while they are safe integers, else as their text). */
function numericIdOf(item: { numericId?: unknown } | undefined): number | string | undefined {
  const value = item?.numericId;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}
