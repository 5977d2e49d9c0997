import type { TriggerName } from '#shared/triggers/catalog.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { WixFilter } from '#shared/wix/modules/fields.ts';
import { LEGACY_PAGE_SIZE } from '#shared/wix/modules/paging.ts';

/** A time window `[since, until)` of entity changes. */
export interface ChangeWindow {
  since: Date;
  until: Date;
}

/** One entity that was created (or changed) in a window, as Wix's query returned it. */
export interface EntityChange {
  entityId: string;
  entity: Record<string, unknown>;
  /** When it was created (for `created` queries) or last changed (for `updated` ones), ISO. */
  stamp: string;
}

export type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG';

export interface QueryContext {
  wix: WixApi;
  /** The site's Stores catalog, for product queries; asked of Wix when the connection does not know it. */
  catalog: () => Promise<CatalogVersion>;
}

/**
 * How back-fill and reconciliation find what happened for one trigger: which Wix query lists the entities
 * created (or changed) in a window, and which Wix event a synthetic event of it carries so the consumer
 * decodes it to the trigger exactly as it decodes a webhook (docs/backfill-and-reconcile.md).
 */
/** One page of a query: its changes, and the token of the next page (absent on the last). */
export interface ChangePage {
  changes: EntityChange[];
  next?: string;
}

/**
 * How back-fill and reconciliation find what happened for one trigger: which Wix query lists the entities
 * created (or changed) in a window, and which Wix event a synthetic event of it carries so the consumer
 * decodes it to the trigger exactly as it decodes a webhook (docs/backfill-and-reconcile.md).
 */
export interface EntityQuery {
  trigger: TriggerName;
  change: 'created' | 'updated';
  /** The eventType of the synthetic event; its body is `createdEvent.entity` or `updatedEvent.currentEntity`. */
  eventType: string;
  /**
   * One page of the changes in the window, oldest first. `token` (from the previous page's `next`) is plain
   * JSON-safe text, so a back-fill job can stop after any page and be resumed by another process.
   */
  page(window: ChangeWindow, ctx: QueryContext, token?: string): Promise<ChangePage>;
  /**
   * Whether reconciliation can tell a missed change from one a webhook delivered: only where the webhook
   * names the change the way the query does (a Catalog V1 ProductChanged webhook carries no change time).
   */
  reconcilable?: (ctx: QueryContext) => Promise<boolean>;
}

/** Every page of a query in the window, one after the other. */
export async function* allPages(
  query: EntityQuery,
  window: ChangeWindow,
  ctx: QueryContext,
): AsyncGenerator<EntityChange[]> {
  let token: string | undefined;
  do {
    const page = await query.page(window, ctx, token);
    if (page.changes.length > 0) yield page.changes;
    token = page.next;
  } while (token !== undefined);
}

const PAGE = 100;
const iso = (date: Date) => date.toISOString();
const inWindow = (field: string, window: ChangeWindow): WixFilter => ({
  [field]: { $gte: iso(window.since), $lt: iso(window.until) },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The changes of a page of entities: those with an id and the stamp field (others cannot be placed in time). */
function changesOf(items: unknown, stampField: string): EntityChange[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item): EntityChange[] => {
    if (!isObject(item)) return [];
    const id = item.id ?? item._id;
    const stamp = item[stampField];
    if (typeof id !== 'string' || id === '' || typeof stamp !== 'string') return [];
    return [{ entityId: id, entity: item, stamp }];
  });
}

interface CursorAnswer {
  metadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
  pagingMetadata?: { cursors?: { next?: string | null }; hasNext?: boolean };
}

/**
 * A page of a modern cursor query: the first request carries filter and sort, later ones only the cursor, as
 * Wix's SDK sends them. `envelope` names the body's wrapper (`query` or `search`).
 */
async function cursorPage(
  ctx: QueryContext,
  request: {
    path: string;
    envelope: 'query' | 'search';
    items: string;
    filter: WixFilter;
    sortField: string;
    /** Where each answer item holds the entity, when it wraps it (an extended booking's `booking`). */
    unwrap?: string;
  },
  stampField: string,
  cursor: string | undefined,
): Promise<ChangePage> {
  const inner =
    cursor === undefined
      ? {
          filter: request.filter,
          sort: [{ fieldName: request.sortField, order: 'ASC' }],
          cursorPaging: { limit: PAGE },
        }
      : { cursorPaging: { limit: PAGE, cursor } };
  const { body } = await ctx.wix.request<CursorAnswer & Record<string, unknown>>({
    method: 'POST',
    path: request.path,
    body: { [request.envelope]: inner },
  });
  const raw = body[request.items];
  const unwrap = request.unwrap;
  const items =
    unwrap && Array.isArray(raw) ? raw.map((item) => (isObject(item) ? item[unwrap] : item)) : raw;
  const changes = changesOf(items, stampField);
  const meta = body.metadata ?? body.pagingMetadata;
  const next = meta?.cursors?.next;
  const more = Boolean(next) && meta?.hasNext !== false && Array.isArray(raw) && raw.length > 0;
  return more && next ? { changes, next } : { changes };
}

/** A page of a modern offset query (Query Contacts: `query.paging`, at most 1,000 a page). */
async function offsetPage(
  ctx: QueryContext,
  request: { path: string; items: string; filter: WixFilter; sortField: string; limit: number },
  stampField: string,
  token: string | undefined,
): Promise<ChangePage> {
  const offset = token === undefined ? 0 : Number(token);
  const { body } = await ctx.wix.request<Record<string, unknown>>({
    method: 'POST',
    path: request.path,
    body: {
      query: {
        filter: request.filter,
        sort: [{ fieldName: request.sortField, order: 'ASC' }],
        paging: { limit: request.limit, offset },
      },
    },
  });
  const raw = Array.isArray(body[request.items]) ? (body[request.items] as unknown[]) : [];
  const changes = changesOf(raw, stampField);
  return raw.length < request.limit ? { changes } : { changes, next: String(offset + raw.length) };
}

/**
 * A page of a legacy Stores query (stringified filter and sort, offset paging of at most 100). Near Wix's
 * 10,000 offset ceiling the window restarts after the last stamp seen, so a large window still ends; the
 * token is `<since>|<offset>`. An entity at exactly the restart instant may come twice: its derived event id
 * makes the second a duplicate.
 */
async function legacyPage(
  ctx: QueryContext,
  request: { path: string; items: string; stampField: string; window: ChangeWindow },
  token: string | undefined,
): Promise<ChangePage> {
  const [sinceText, offsetText] = token?.split('|') ?? [];
  const since = sinceText ? new Date(sinceText) : request.window.since;
  const offset = offsetText ? Number(offsetText) : 0;
  const { body } = await ctx.wix.request<Record<string, unknown>>({
    method: 'POST',
    path: request.path,
    body: {
      query: {
        filter: JSON.stringify(inWindow(request.stampField, { since, until: request.window.until })),
        sort: JSON.stringify([{ [request.stampField]: 'asc' }]),
        paging: { limit: LEGACY_PAGE_SIZE, offset },
      },
    },
  });
  const raw = Array.isArray(body[request.items]) ? (body[request.items] as unknown[]) : [];
  const changes = changesOf(raw, request.stampField);
  if (raw.length < LEGACY_PAGE_SIZE) return { changes };
  const nextOffset = offset + raw.length;
  if (nextOffset < 10_000 - LEGACY_PAGE_SIZE)
    return { changes, next: `${since.toISOString()}|${nextOffset}` };
  const last = changes.at(-1)?.stamp;
  // A whole ceiling of entities at one instant cannot be paged past; stop rather than loop.
  if (last === undefined || last === since.toISOString()) return { changes };
  return { changes, next: `${last}|0` };
}

const orders = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => {
  const field = change === 'created' ? 'createdDate' : 'updatedDate';
  return {
    change,
    page: (window, ctx, token) =>
      cursorPage(
        ctx,
        {
          path: '/ecom/v1/orders/search',
          envelope: 'search',
          items: 'orders',
          // An INITIALIZED order is an unfinished checkout: it fires no trigger, so it is not looked for.
          filter: { ...inWindow(field, window), status: { $ne: 'INITIALIZED' } },
          sortField: field,
        },
        field,
        token,
      ),
  };
};

/** Query Contacts sorts by createdDate only (Wix's SDK declares which), so an update window is read in creation order. */
const contacts = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => {
  const field = change === 'created' ? 'createdDate' : 'updatedDate';
  return {
    change,
    page: (window, ctx, token) =>
      offsetPage(
        ctx,
        {
          path: '/contacts/v4/contacts/query',
          items: 'contacts',
          filter: inWindow(field, window),
          sortField: 'createdDate',
          limit: 1000,
        },
        field,
        token,
      ),
  };
};

/** Products on either catalog: V3 Query Products filters and sorts both dates; V1 has createdDate and lastUpdated. */
const products = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => ({
  change,
  async page(window, ctx, token) {
    if ((await ctx.catalog()) === 'V3_CATALOG') {
      const field = change === 'created' ? 'createdDate' : 'updatedDate';
      return cursorPage(
        ctx,
        {
          path: '/stores/v3/products/query',
          envelope: 'query',
          items: 'products',
          filter: inWindow(field, window),
          sortField: field,
        },
        field,
        token,
      );
    }
    return legacyPage(
      ctx,
      {
        path: '/stores/v1/products/query',
        items: 'products',
        stampField: change === 'created' ? 'createdDate' : 'lastUpdated',
        window,
      },
      token,
    );
  },
});

/** A creation query of a business app: its path, envelope, answer key and paging, filtered and sorted by `createdDate`. */
const created = (request: {
  path: string;
  items: string;
  paging: 'cursor' | 'offset';
  unwrap?: string;
}): Omit<EntityQuery, 'trigger' | 'eventType'> => ({
  change: 'created',
  page: (window, ctx, token) =>
    request.paging === 'cursor'
      ? cursorPage(
          ctx,
          {
            path: request.path,
            envelope: 'query',
            items: request.items,
            filter: inWindow('createdDate', window),
            sortField: 'createdDate',
            ...(request.unwrap ? { unwrap: request.unwrap } : {}),
          },
          'createdDate',
          token,
        )
      : offsetPage(
          ctx,
          {
            path: request.path,
            items: request.items,
            filter: inWindow('createdDate', window),
            sortField: 'createdDate',
            limit: 100,
          },
          'createdDate',
          token,
        ),
});

/**
 * The triggers back-fill and reconciliation can query, with the Wix event their synthetic events carry.
 * A trigger not here has no Wix query for "what changed when" (deletions, carts, payments …).
 */
export const ENTITY_QUERIES: Partial<Record<TriggerName, EntityQuery>> = Object.fromEntries(
  (
    [
      { trigger: 'orders.created', eventType: 'wix.ecom.v1.order_approved', ...orders('created') },
      { trigger: 'orders.updated', eventType: 'wix.ecom.v1.order_updated', ...orders('updated') },
      { trigger: 'contacts.created', eventType: 'wix.contacts.v4.contact_created', ...contacts('created') },
      { trigger: 'contacts.updated', eventType: 'wix.contacts.v4.contact_updated', ...contacts('updated') },
      {
        trigger: 'products.created',
        eventType: 'wix.stores.catalog.v3.product_created',
        ...products('created'),
      },
      {
        trigger: 'products.updated',
        eventType: 'wix.stores.catalog.v3.product_updated',
        ...products('updated'),
        reconcilable: async (ctx) => (await ctx.catalog()) === 'V3_CATALOG',
      },
      {
        trigger: 'bookings.created',
        eventType: 'wix.bookings.v2.booking_created',
        ...created({
          path: '/bookings/bookings-reader/v2/extended-bookings/query',
          items: 'extendedBookings',
          paging: 'cursor',
          unwrap: 'booking',
        }),
      },
      {
        trigger: 'events.created',
        eventType: 'wix.events.v3.event_created',
        ...created({ path: '/events/v3/events/query', items: 'events', paging: 'offset' }),
      },
      {
        trigger: 'tasks.created',
        eventType: 'wix.crm.tasks.v2.task_created',
        ...created({ path: '/crm/tasks/v2/tasks/query', items: 'tasks', paging: 'cursor' }),
      },
    ] satisfies EntityQuery[]
  ).map((q) => [q.trigger, q]),
);

export const queryFor = (trigger: string): EntityQuery | undefined => ENTITY_QUERIES[trigger as TriggerName];
