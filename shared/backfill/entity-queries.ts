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
export interface EntityQuery {
  trigger: TriggerName;
  change: 'created' | 'updated';
  /** The eventType of the synthetic event; its body is `createdEvent.entity` or `updatedEvent.currentEntity`. */
  eventType: string;
  /** Pages of changes in the window, oldest first, until the window is exhausted. */
  pages(window: ChangeWindow, ctx: QueryContext): AsyncGenerator<EntityChange[]>;
  /**
   * Whether reconciliation can tell a missed change from one a webhook delivered: only where the webhook
   * names the change the way the query does (a Catalog V1 ProductChanged webhook carries no change time).
   */
  reconcilable?: (ctx: QueryContext) => Promise<boolean>;
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
 * Pages a modern cursor query: the first request carries filter and sort, later ones only the cursor, as
 * Wix's SDK sends them. `envelope` names the body's wrapper (`query` or `search`).
 */
async function* cursorPages(
  ctx: QueryContext,
  request: { path: string; envelope: 'query' | 'search'; items: string; filter: WixFilter; sortField: string },
  stampField: string,
): AsyncGenerator<EntityChange[]> {
  let cursor: string | undefined;
  for (;;) {
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
    const page = changesOf(body[request.items], stampField);
    if (page.length > 0) yield page;
    const meta = body.metadata ?? body.pagingMetadata;
    const next = meta?.cursors?.next;
    if (!next || meta?.hasNext === false || page.length === 0) return;
    cursor = next;
  }
}

/**
 * Pages a legacy Stores query (stringified filter and sort, offset paging of at most 100). Past Wix's 10,000
 * offset ceiling the window is narrowed to after the last stamp seen instead, so a large window still ends.
 */
async function* legacyPages(
  ctx: QueryContext,
  request: { path: string; items: string; stampField: string; window: ChangeWindow },
): AsyncGenerator<EntityChange[]> {
  let since = request.window.since;
  const seen = new Set<string>();
  for (;;) {
    let offset = 0;
    let last: string | undefined;
    for (;;) {
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
      const page = changesOf(raw, request.stampField).filter((c) => !seen.has(c.entityId));
      for (const change of page) seen.add(change.entityId);
      if (page.length > 0) yield page;
      last = changesOf(raw, request.stampField).at(-1)?.stamp ?? last;
      offset += raw.length;
      if (raw.length < LEGACY_PAGE_SIZE) return;
      if (offset >= 10_000) break;
    }
    // Restart from the last stamp seen; ids already yielded at that instant are skipped by `seen`.
    if (last === undefined || last === iso(since)) return;
    since = new Date(last);
  }
}

const orders = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => {
  const field = change === 'created' ? 'createdDate' : 'updatedDate';
  return {
    change,
    pages: (window, ctx) =>
      cursorPages(
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
      ),
  };
};

/**
 * Query Contacts pages by offset (`query.paging`, at most 1,000 a page) and sorts by createdDate only (Wix's SDK
 * declares which), so an update window is read in creation order.
 */
const contacts = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => {
  const field = change === 'created' ? 'createdDate' : 'updatedDate';
  return {
    change,
    async *pages(window, ctx) {
      const limit = 1000;
      for (let offset = 0; ; offset += limit) {
        const { body } = await ctx.wix.request<{ contacts?: unknown[] }>({
          method: 'POST',
          path: '/contacts/v4/contacts/query',
          body: {
            query: {
              filter: inWindow(field, window),
              sort: [{ fieldName: 'createdDate', order: 'ASC' }],
              paging: { limit, offset },
            },
          },
        });
        const raw = body.contacts ?? [];
        const page = changesOf(raw, field);
        if (page.length > 0) yield page;
        if (raw.length < limit) return;
      }
    },
  };
};

/** Products on either catalog: V3 Query Products filters and sorts both dates; V1 has createdDate and lastUpdated. */
const products = (change: 'created' | 'updated'): Omit<EntityQuery, 'trigger' | 'eventType'> => ({
  change,
  async *pages(window, ctx) {
    if ((await ctx.catalog()) === 'V3_CATALOG') {
      const field = change === 'created' ? 'createdDate' : 'updatedDate';
      yield* cursorPages(
        ctx,
        {
          path: '/stores/v3/products/query',
          envelope: 'query',
          items: 'products',
          filter: inWindow(field, window),
          sortField: field,
        },
        field,
      );
      return;
    }
    yield* legacyPages(ctx, {
      path: '/stores/v1/products/query',
      items: 'products',
      stampField: change === 'created' ? 'createdDate' : 'lastUpdated',
      window,
    });
  },
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
    ] satisfies EntityQuery[]
  ).map((q) => [q.trigger, q]),
);

export const queryFor = (trigger: string): EntityQuery | undefined =>
  ENTITY_QUERIES[trigger as TriggerName];
