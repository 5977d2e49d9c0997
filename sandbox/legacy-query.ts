import { invalidField } from './errors.ts';
import { asEntity, type Entity } from './fixtures.ts';
import { readInt, type SortKey } from './query.ts';

/** A parsed legacy Stores query (`{"query":{"filter":"<json>","sort":"<json>","paging":{limit,offset}}}`). */
export interface LegacyQuery {
  filter: Entity | undefined;
  sort: SortKey[];
  limit: number;
  offset: number;
}

/** Legacy Stores endpoints page by offset, at most 100 per page; the default is UNCONFIRMED (§3.3), 100 assumed. */
export const LEGACY_MAX_LIMIT = 100;
/**
 * "Wix Stores query endpoints are designed to handle a max of 10k data items … limit and offset may fail"
 * (Wix's Stores pagination guide): past it the sandbox answers 400 so clients must crawl by numericId.
 * Wix's exact answer there is UNCONFIRMED.
 */
export const LEGACY_OFFSET_CEILING = 10_000;

/**
 * Parses the legacy query. `filter` and `sort` must be JSON strings: Wix's proto types them as `string`
 * (docs/wix-behaviour.md#query-bodies); proto-JSON rejects an object for a string field, so an object is a 400 here
 * even though one old Query Collections doc example sends one. That keeps a client that forgets to
 * stringify from passing against the sandbox and failing against Wix.
 */
export function parseLegacyQuery(body: unknown, defaultLimit = LEGACY_MAX_LIMIT): LegacyQuery {
  const query = asEntity(asEntity(body).query);
  const filter = parseJsonString(query.filter, 'query.filter');
  if (filter !== undefined && (typeof filter !== 'object' || filter === null || Array.isArray(filter))) {
    throw invalidField('query.filter', 'filter must encode a JSON object', 'FORMAT');
  }
  const rawSort = parseJsonString(query.sort, 'query.sort');
  const paging = asEntity(query.paging);
  const limit = readInt(paging.limit, 'query.paging.limit', defaultLimit, LEGACY_MAX_LIMIT);
  const offset = readInt(paging.offset, 'query.paging.offset', 0);
  if (offset + limit > LEGACY_OFFSET_CEILING) {
    throw invalidField(
      'query.paging.offset',
      `offset + limit must be at most ${LEGACY_OFFSET_CEILING}: filter by numericId and sort by it ascending to go further`,
      'MAX',
    );
  }
  return { filter: filter as Entity | undefined, sort: parseLegacySort(rawSort), limit, offset };
}

function parseJsonString(value: unknown, field: string): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw invalidField(
      field,
      `${field} must be a JSON-encoded string, e.g. "{\\"name\\": \\"x\\"}"`,
      'FORMAT',
    );
  }
  try {
    return JSON.parse(value);
  } catch {
    throw invalidField(field, `${field} is not valid JSON`, 'FORMAT');
  }
}

/** Accepts both documented legacy sort forms: `[{"price": "desc"}]` and `[{"fieldName": "name", "order": "ASC"}]`. */
function parseLegacySort(sort: unknown): SortKey[] {
  if (sort === undefined) return [];
  if (!Array.isArray(sort)) throw invalidField('query.sort', 'sort must encode a JSON array', 'FORMAT');
  return sort.flatMap((item, i): SortKey[] => {
    const entry = asEntity(item);
    if (typeof entry.fieldName === 'string') {
      const order = String(entry.order ?? 'ASC').toUpperCase();
      if (order !== 'ASC' && order !== 'DESC')
        throw invalidField(`query.sort[${i}].order`, 'must be ASC or DESC');
      return [{ field: entry.fieldName, order }];
    }
    return Object.entries(entry).map(([field, direction]) => {
      const order = String(direction).toUpperCase();
      if (order !== 'ASC' && order !== 'DESC')
        throw invalidField(`query.sort[${i}].${field}`, 'must be asc or desc');
      return { field, order };
    });
  });
}
