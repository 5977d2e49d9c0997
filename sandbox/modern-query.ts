import { applicationError, invalidField } from './errors.ts';
import { asEntity, type Entity } from './fixtures.ts';
import {
  cursorPage,
  type FieldAliases,
  matchesFilter,
  parseModernSort,
  readCursorRequest,
  readInt,
  type SortKey,
  sortEntities,
} from './query.ts';
import type { ApiContext, ApiRoute } from './router.ts';

export interface ModernQueryOptions {
  /** Where the query sits in the request, for error messages (`query`). */
  field: string;
  defaultLimit: number;
  maxLimit: number;
  defaultSort?: SortKey[];
  aliases?: FieldAliases;
  /** Where the sort sits in the query (`sort`; the Members docs call it `sorting`). */
  sortKeys?: string[];
}

/**
 * One page of a modern Wix query (`{filter, sort, paging | cursorPaging}`) over `entities`: offset paging with
 * `pagingMetadata {count, offset, total, hasNext}`, or cursor paging with `{count, cursors, hasNext}`. Throws
 * 400 for both paging kinds at once, a bad filter or a bad limit.
 */
export function modernQueryPage(
  entities: Entity[],
  queryValue: unknown,
  options: ModernQueryOptions,
): { items: Entity[]; pagingMetadata: Entity } {
  const query = asEntity(queryValue);
  if (query.paging !== undefined && query.cursorPaging !== undefined)
    throw invalidField(`${options.field}.paging`, 'give paging or cursorPaging, not both');
  const sortOf = (q: Entity) => {
    for (const key of options.sortKeys ?? ['sort']) if (q[key] !== undefined) return q[key];
    return undefined;
  };
  const ordered = (filter: unknown, sort: unknown) => {
    const matching = entities.filter((e) => matchesFilter(e, filter, options.aliases));
    const keys = parseModernSort(sort, `${options.field}.sort`);
    return sortEntities(matching, keys.length ? keys : (options.defaultSort ?? []), options.aliases);
  };
  if (query.cursorPaging !== undefined) {
    const state = readCursorRequest(
      { filter: query.filter, sort: sortOf(query) },
      query.cursorPaging,
      `${options.field}.cursorPaging`,
      options.defaultLimit,
      options.maxLimit,
    );
    const { items, metadata } = cursorPage(ordered(state.filter, state.sort), state);
    return { items: items.map((i) => structuredClone(i)), pagingMetadata: metadata };
  }
  const paging = asEntity(query.paging);
  const limit = readInt(
    paging.limit,
    `${options.field}.paging.limit`,
    options.defaultLimit,
    options.maxLimit,
  );
  const offset = readInt(paging.offset, `${options.field}.paging.offset`, 0);
  const all = ordered(query.filter, sortOf(query));
  const items = all.slice(offset, offset + limit).map((i) => structuredClone(i));
  return {
    items,
    pagingMetadata: { count: items.length, offset, total: all.length, hasNext: offset + limit < all.length },
  };
}

/** The entity with `id` in `map`, or Wix's 404 naming `what`. */
export function existing(map: Map<string, Entity>, id: string | undefined, what: string): Entity {
  const entity = id === undefined ? undefined : map.get(id);
  if (!entity) throw applicationError(404, 'NOT_FOUND', `${what} with id ${String(id)} not found`);
  return entity;
}

/**
 * `GET path` as most Wix services' Get operation answers it: `{ [key]: the entity }` for the id in the path's
 * last `:param` (a copy, so the caller cannot change the site), or Wix's 404 naming `what`.
 */
export function getRoute(
  path: string,
  key: string,
  what: string,
  entities: (ctx: ApiContext) => Map<string, Entity>,
): ApiRoute {
  const param = /:(\w+)$/.exec(path)?.[1] ?? '';
  return {
    method: 'GET',
    path,
    handler: (ctx) => ({
      body: { [key]: structuredClone(existing(entities(ctx), ctx.params[param], what)) },
    }),
  };
}

/**
 * Checks an optimistic-concurrency `revision`: 400 when it is missing, 409 `code` when it is not the entity's
 * current one (Wix documents the 409 for a stale revision; its code per service is UNCONFIRMED).
 */
export function requireRevision(entity: Entity, revision: unknown, field: string, code: string): void {
  if (revision === undefined || revision === null || revision === '')
    throw invalidField(field, `${field} is required`, 'REQUIRED_FIELD');
  if (String(revision) !== String(entity.revision))
    throw applicationError(
      409,
      code,
      `${field} ${String(revision)} is stale; the current revision is ${String(entity.revision)}`,
      {
        currentRevision: entity.revision,
      },
    );
}

/** Increments a string `revision` and stamps `updatedDate`. */
export function bumpRevision(entity: Entity, now: Date): void {
  entity.revision = String(Number(entity.revision ?? 0) + 1);
  entity.updatedDate = now.toISOString();
}
