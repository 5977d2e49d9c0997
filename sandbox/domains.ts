import { asEntities, asEntity, type Entity, restSample, sampleResponse } from './fixtures.ts';
import type { Site } from './state.ts';

/** Wix's variant id of a V1 product without options. */
export const DEFAULT_VARIANT_ID = '00000000-0000-0000-0000-000000000000';

/** What the sandbox keeps per site for Bookings, Events, Pricing Plans, Members, Loyalty, labels, tasks, inventory and blog. */
export interface DomainState {
  labels: Map<string, Entity>;
  tasks: Map<string, Entity>;
  bookings: Map<string, Entity>;
  events: Map<string, Entity>;
  guests: Map<string, Entity>;
  plans: Map<string, Entity>;
  planOrders: Map<string, Entity>;
  members: Map<string, Entity>;
  loyaltyAccounts: Map<string, Entity>;
  /** Earn Points idempotency keys already honoured → the answer Wix gave (a retry gets it again). */
  earnedKeys: Map<string, Entity>;
  /** V1 inventory items by product id (`{id, productId, trackQuantity, variants[{variantId, inStock, quantity}]}`). */
  inventoryV1: Map<string, Entity>;
  /** Catalog V3 inventory items by id. */
  inventoryV3: Map<string, Entity>;
  draftPosts: Map<string, Entity>;
  posts: Map<string, Entity>;
}

const states = new WeakMap<Site, DomainState>();

/** The site's domain state, seeded from Wix's documented examples the first time it is asked for. */
export function domainsOf(site: Site): DomainState {
  let state = states.get(site);
  if (!state) {
    state = seedDomains(site);
    states.set(site, state);
  }
  return state;
}

const byId = (entities: Entity[]): Map<string, Entity> => {
  const map = new Map<string, Entity>();
  for (const entity of entities)
    if (typeof entity.id === 'string' && !map.has(entity.id)) map.set(entity.id, entity);
  return map;
};

const responsesOf = (name: string): Entity[] => {
  const sample = restSample(name);
  return [asEntity(sample.responseExample), ...sample.examples.map((e) => asEntity(e.response))];
};

/**
 * The booking a documented Confirm/Decline/Cancel example acted on, as it was before: the example's request
 * revision and a status the action accepts.
 */
const bookingBefore = (name: string, status: string): Entity => {
  const sample = restSample(name);
  const booking = asEntity(asEntity(sample.responseExample).booking);
  const request = asEntity(sample.requestExample.body);
  return { ...booking, revision: String(request.revision ?? '1'), status };
};

function seedDomains(site: Site): DomainState {
  const labels = byId([]);
  for (const label of responsesOf('labels.QueryLabels').flatMap((r) => asEntities(r.labels)))
    labels.set(String(label.key), label);
  const created = asEntity(sampleResponse('labels.FindOrCreateLabel').label);
  labels.set(String(created.key), created);

  const bookings = byId([
    ...responsesOf('bookings-reader.QueryExtendedBookings').flatMap((r) =>
      asEntities(r.extendedBookings).map((x) => asEntity(x.booking)),
    ),
    bookingBefore('bookingsv2.ConfirmBooking', 'PENDING'),
    bookingBefore('bookingsv2.DeclineBooking', 'PENDING'),
    bookingBefore('bookingsv2.CancelBooking', 'CONFIRMED'),
  ]);

  const events = byId([
    asEntity(sampleResponse('events-v3.GetEvent').event),
    ...responsesOf('events-v3.QueryEvents').flatMap((r) => asEntities(r.events)),
  ]);
  const guests = byId(responsesOf('event-guests.QueryEventGuests').flatMap((r) => asEntities(r.guests)));
  const plans = byId([
    ...responsesOf('pricing-plans.ListPlans').flatMap((r) => asEntities(r.plans)),
    asEntity(sampleResponse('pricing-plans.GetPlan').plan),
  ]);
  const planOrders = byId([
    asEntity(sampleResponse('pricing-plans.GetOrder').order),
    ...responsesOf('pricing-plans.ListOrders').flatMap((r) => asEntities(r.orders)),
  ]);
  const members = byId([
    asEntity(sampleResponse('members.GetMember').member),
    ...responsesOf('members.QueryMembers').flatMap((r) => asEntities(r.members)),
  ]);
  const loyaltyAccounts = byId([
    asEntity(sampleResponse('loyalty-accounts.GetAccountBySecondaryId').account),
  ]);
  const tasks = byId(responsesOf('tasks.QueryTasks').flatMap((r) => asEntities(r.tasks)));
  const posts = byId([asEntity(sampleResponse('blog.GetPost').post)]);
  const draftPosts = byId([asEntity(sampleResponse('blog.CreateDraftPost').draftPost)]);

  return {
    labels,
    tasks,
    bookings,
    events,
    guests,
    plans,
    planOrders,
    members,
    loyaltyAccounts,
    earnedKeys: new Map(),
    inventoryV1: seedInventoryV1(site),
    inventoryV3: seedInventoryV3(site),
    draftPosts,
    posts,
  };
}

/** One V1 inventory item per catalog product, from the product's own stock (variants, or its default variant). */
function seedInventoryV1(site: Site): Map<string, Entity> {
  const items = new Map<string, Entity>();
  for (const product of site.products.values()) {
    const stock = asEntity(product.stock);
    const variants = asEntities(product.variants);
    const id = String(product.id);
    items.set(id, {
      id,
      externalId: id,
      productId: id,
      trackQuantity: stock.trackInventory === true,
      variants: (variants.length > 0 ? variants.map((v) => String(v.id)) : [DEFAULT_VARIANT_ID]).map(
        (variantId) => ({
          variantId,
          inStock: stock.inStock !== false,
          ...(stock.trackInventory === true ? { quantity: Number(stock.quantity ?? 0) } : {}),
        }),
      ),
      lastUpdated: product.lastUpdated,
      numericId: product.numericId,
    });
  }
  return items;
}

/**
 * One Catalog V3 inventory item per product variant, at the default location. Wix documents no V3 inventory
 * example; the fields follow `@wix/auto_sdk_stores_inventory-items-v-3`'s InventoryItem.
 */
function seedInventoryV3(site: Site): Map<string, Entity> {
  const items = new Map<string, Entity>();
  for (const product of site.productsV3.values()) {
    for (const variant of asEntities(asEntity(product.variantsInfo).variants)) {
      // A stable id per product variant, shaped like Wix's GUIDs.
      const id = `${String(product.id).slice(0, 24)}${String(variant.id).slice(-12)}`;
      items.set(id, {
        id,
        revision: '1',
        createdDate: product.createdDate,
        updatedDate: product.updatedDate,
        variantId: variant.id,
        locationId: 'e6f1e3d6-2f2c-4d7c-8b6a-3a1c5b7d9e01',
        productId: product.id,
        trackQuantity: false,
        inStock: true,
        availabilityStatus: 'IN_STOCK',
      });
    }
  }
  return items;
}
