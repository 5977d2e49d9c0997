import { invalidField } from './errors.ts';
import { asEntity, type Entity } from './fixtures.ts';

/** Maps a filter/sort field name to the path of the stored field (e.g. `collections.id` → `collectionIds`). */
export type FieldAliases = Record<string, string>;

/** One sort key: a dotted field path and a direction. */
export interface SortKey {
  field: string;
  order: 'ASC' | 'DESC';
}

const isObject = (v: unknown): v is Entity => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every value at a dotted path, descending through arrays (so `info.emails.items.email` finds each email). */
export function valuesAt(entity: unknown, path: string): unknown[] {
  let current: unknown[] = [entity];
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (isObject(item) && segment in item) next.push(item[segment]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? [v, ...v] : [v]));
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/** Compares two scalars the way Wix's query engine does for our purposes: numerically when both are numeric. */
export function compareValues(a: unknown, b: unknown): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  return String(a).localeCompare(String(b));
}

const equals = (a: unknown, b: unknown): boolean => {
  if (isObject(a) || isObject(b) || Array.isArray(a) || Array.isArray(b))
    return JSON.stringify(a) === JSON.stringify(b);
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  return compareValues(a, b) === 0 && typeof a !== 'boolean' && typeof b !== 'boolean';
};

const scalars = (values: unknown[]) => values.filter((v) => !Array.isArray(v));

const OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$startsWith',
  '$isEmpty',
  '$exists',
  '$hasAll',
  '$hasSome',
  '$contains',
]);

function matchCondition(values: unknown[], condition: unknown, field: string): boolean {
  if (!isObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return scalars(values).some((v) => equals(v, condition)) || values.some((v) => equals(v, condition));
  }
  return Object.entries(condition).every(([op, operand]) => {
    if (!OPERATORS.has(op)) throw invalidField('query.filter', `Unsupported operator ${op} on ${field}`);
    const flat = scalars(values);
    const list = Array.isArray(operand) ? operand : [operand];
    switch (op) {
      case '$eq':
        return flat.some((v) => equals(v, operand));
      case '$ne':
        return !flat.some((v) => equals(v, operand));
      case '$gt':
        return flat.some((v) => v !== undefined && v !== null && compareValues(v, operand) > 0);
      case '$gte':
        return flat.some((v) => v !== undefined && v !== null && compareValues(v, operand) >= 0);
      case '$lt':
        return flat.some((v) => v !== undefined && v !== null && compareValues(v, operand) < 0);
      case '$lte':
        return flat.some((v) => v !== undefined && v !== null && compareValues(v, operand) <= 0);
      case '$in':
      case '$hasSome':
        return flat.some((v) => list.some((o) => equals(v, o)));
      case '$nin':
        return !flat.some((v) => list.some((o) => equals(v, o)));
      case '$hasAll':
        return list.every((o) => flat.some((v) => equals(v, o)));
      case '$startsWith':
        return flat.some(
          (v) => typeof v === 'string' && v.toLowerCase().startsWith(String(operand).toLowerCase()),
        );
      case '$contains':
        return flat.some(
          (v) => typeof v === 'string' && v.toLowerCase().includes(String(operand).toLowerCase()),
        );
      case '$exists':
        return (flat.some((v) => v !== undefined && v !== null) || values.length > 0) === Boolean(operand);
      case '$isEmpty': {
        const empty =
          values.length === 0 ||
          values.every((v) => v === '' || v === null || (Array.isArray(v) && !v.length));
        return empty === Boolean(operand);
      }
      default:
        return false;
    }
  });
}

/** Evaluates a Wix (MongoDB-like) filter object against an entity; throws 400 on an unknown operator. */
export function matchesFilter(entity: Entity, filter: unknown, aliases: FieldAliases = {}): boolean {
  if (filter === undefined || filter === null) return true;
  if (!isObject(filter)) throw invalidField('query.filter', 'filter must be an object');
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and')
      return (Array.isArray(condition) ? condition : []).every((f) => matchesFilter(entity, f, aliases));
    if (key === '$or')
      return (Array.isArray(condition) ? condition : []).some((f) => matchesFilter(entity, f, aliases));
    if (key === '$not') return !matchesFilter(entity, condition, aliases);
    const path = aliases[key] ?? key;
    return matchCondition(valuesAt(entity, path), condition, key);
  });
}

/** Sorts entities by the keys, first key first; stable for ties. */
export function sortEntities(entities: Entity[], keys: SortKey[], aliases: FieldAliases = {}): Entity[] {
  if (keys.length === 0) return entities;
  return [...entities].sort((a, b) => {
    for (const key of keys) {
      const path = aliases[key.field] ?? key.field;
      const diff = compareValues(valuesAt(a, path)[0], valuesAt(b, path)[0]);
      if (diff !== 0) return key.order === 'DESC' ? -diff : diff;
    }
    return 0;
  });
}

/** Parses a modern sort (`[{fieldName, order}]`, or the single object one Contacts example shows). */
export function parseModernSort(sort: unknown, field = 'query.sort'): SortKey[] {
  if (sort === undefined || sort === null) return [];
  const list = Array.isArray(sort) ? sort : [sort];
  return list.map((item, i) => {
    const entry = asEntity(item);
    if (typeof entry.fieldName !== 'string' || !entry.fieldName) {
      throw invalidField(`${field}[${i}].fieldName`, 'fieldName is required', 'REQUIRED_FIELD');
    }
    const order = entry.order === undefined ? 'ASC' : String(entry.order).toUpperCase();
    if (order !== 'ASC' && order !== 'DESC')
      throw invalidField(`${field}[${i}].order`, 'order must be ASC or DESC');
    return { field: entry.fieldName, order };
  });
}

/** Reads an optional non-negative integer; throws 400 naming `field` otherwise. */
export function readInt(value: unknown, field: string, fallback: number, max?: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidField(field, 'must be a non-negative integer', 'FORMAT');
  }
  if (max !== undefined && n > max) throw invalidField(field, `must be at most ${max}`, 'MAX');
  return n;
}

/** A required whole number in `min`…`max` of a request body, or Wix's 400 naming `field` and the rule broken. */
export function readWholeNumber(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw invalidField(
      field,
      `${field} must be a whole number`,
      value === undefined ? 'REQUIRED_FIELD' : 'FORMAT',
    );
  if (value < min) throw invalidField(field, `${field} must be at least ${min}`, 'MIN');
  if (value > max) throw invalidField(field, `${field} must be at most ${max}`, 'MAX');
  return value;
}

/** A cursor request resolved: the query of the first page, or the one its cursor encodes. */
export interface CursorState {
  filter: unknown;
  sort: unknown;
  /** Anything else the query carries (a search expression). */
  extra?: unknown;
  offset: number;
  limit: number;
}

/**
 * Reads `cursorPaging` of a query. With no cursor, the request's own filter and sort apply; with one, the
 * query is the one encoded in the cursor and sending filter or sort as well answers 400 (Wix: "following
 * requests use the cursor token and not filter or sort"; what Wix does with both is UNCONFIRMED).
 */
export function readCursorRequest(
  request: Entity,
  cursorPaging: unknown,
  field: string,
  defaultLimit: number,
  maxLimit: number,
  extra?: unknown,
): CursorState {
  const paging = asEntity(cursorPaging);
  const limit = readInt(paging.limit, `${field}.limit`, defaultLimit, maxLimit);
  if (paging.cursor === undefined || paging.cursor === null || paging.cursor === '') {
    return { filter: request.filter, sort: request.sort, extra, offset: 0, limit };
  }
  const decoded = decodeCursor(paging.cursor);
  if (decoded === undefined) throw invalidField(`${field}.cursor`, 'invalid cursor', 'FORMAT');
  if (request.filter !== undefined || request.sort !== undefined) {
    throw invalidField(
      `${field}.cursor`,
      'filter and sort cannot be sent with a cursor: the cursor carries them',
      'CUSTOM',
    );
  }
  return { filter: decoded.f, sort: decoded.s, extra: decoded.x, offset: decoded.o, limit };
}

/** One page of an already filtered and sorted list; the next/prev cursors encode the query and the offset. */
export function cursorPage(entities: Entity[], state: CursorState): { items: Entity[]; metadata: Entity } {
  const { offset, limit } = state;
  const items = entities.slice(offset, offset + limit);
  const hasNext = offset + limit < entities.length;
  const cursors: Entity = {};
  if (hasNext) cursors.next = encodeCursor(state, offset + limit);
  if (offset > 0) cursors.prev = encodeCursor(state, Math.max(0, offset - limit));
  return { items, metadata: { count: items.length, cursors, hasNext } };
}

const encodeCursor = (state: CursorState, offset: number) =>
  Buffer.from(JSON.stringify({ o: offset, f: state.filter, s: state.sort, x: state.extra })).toString(
    'base64url',
  );

const decodeCursor = (cursor: unknown): { o: number; f?: unknown; s?: unknown; x?: unknown } | undefined => {
  if (typeof cursor !== 'string') return undefined;
  try {
    const parsed = asEntity(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) return undefined;
    return { o: parsed.o, f: parsed.f, s: parsed.s, x: parsed.x };
  } catch {
    return undefined;
  }
};
