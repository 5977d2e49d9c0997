import type { ActionModule } from './action-module.ts';
import { blogCreatePost } from './blog/blog-create-post.ts';
import { bookingsGet, bookingsSearch } from './bookings/bookings-search.ts';
import { bookingsCancel, bookingsConfirm, bookingsDecline } from './bookings/bookings-status.ts';
import { cartsGet } from './carts/carts-get.ts';
import { collectionsCreate } from './collections/collections-create.ts';
import { collectionsDelete } from './collections/collections-delete.ts';
import { collectionsGet } from './collections/collections-get.ts';
import { collectionsAddProducts, collectionsRemoveProducts } from './collections/collections-products.ts';
import { collectionsSearch } from './collections/collections-search.ts';
import { collectionsUpdate } from './collections/collections-update.ts';
import { contactsCreate } from './contacts/contacts-create.ts';
import { contactsGet } from './contacts/contacts-get.ts';
import { contactsAddLabels, contactsRemoveLabels } from './contacts/contacts-labels.ts';
import { contactsList } from './contacts/contacts-list.ts';
import { contactsUpdate } from './contacts/contacts-update.ts';
import { couponsCreate } from './coupons/coupons-create.ts';
import { couponsSearch } from './coupons/coupons-search.ts';
import { eventGuestsSearch } from './event-guests/event-guests-search.ts';
import { eventsGet, eventsSearch } from './events/events-search.ts';
import { fulfillmentsCreate } from './fulfillments/fulfillments-create.ts';
import { httpRequest } from './http/http-request.ts';
import { wixApiCall } from './http/wix-api-call.ts';
import { inventoryAdjust } from './inventory/inventory-adjust.ts';
import { inventoryUpdate } from './inventory/inventory-update.ts';
import { loyaltyAdjustPoints, loyaltyEarnPoints, loyaltyGetAccount } from './loyalty/loyalty-accounts.ts';
import { membersGet, membersSearch } from './members/members-search.ts';
import { messagesSend } from './messages/messages-send.ts';
import { ordersGeneratePdfLink } from './orders/orders-generate-pdf-link.ts';
import { ordersGet } from './orders/orders-get.ts';
import { ordersSearch } from './orders/orders-search.ts';
import { paymentsGet } from './payments/payments-get.ts';
import {
  pricingPlanOrdersCancel,
  pricingPlanOrdersGet,
  pricingPlanOrdersSearch,
} from './pricing-plans/pricing-plan-orders.ts';
import { pricingPlansSearch } from './pricing-plans/pricing-plans-search.ts';
import { productsCreate } from './products/products-create.ts';
import { productsDelete } from './products/products-delete.ts';
import { productsGet } from './products/products-get.ts';
import { productsSearch } from './products/products-search.ts';
import { productsUpdate } from './products/products-update.ts';
import { tasksCreate } from './tasks/tasks-create.ts';

/** Every action module a rule step can name (docs/contracts.md#catalogue). */
export const ALL_MODULES = [
  contactsList,
  contactsGet,
  contactsCreate,
  contactsUpdate,
  cartsGet,
  collectionsSearch,
  collectionsGet,
  collectionsCreate,
  collectionsUpdate,
  collectionsDelete,
  collectionsAddProducts,
  collectionsRemoveProducts,
  productsSearch,
  productsGet,
  productsCreate,
  productsUpdate,
  productsDelete,
  ordersSearch,
  ordersGet,
  ordersGeneratePdfLink,
  messagesSend,
  fulfillmentsCreate,
  couponsCreate,
  couponsSearch,
  paymentsGet,
  contactsAddLabels,
  contactsRemoveLabels,
  tasksCreate,
  bookingsSearch,
  bookingsGet,
  bookingsConfirm,
  bookingsDecline,
  bookingsCancel,
  eventsSearch,
  eventsGet,
  eventGuestsSearch,
  pricingPlansSearch,
  pricingPlanOrdersSearch,
  pricingPlanOrdersGet,
  pricingPlanOrdersCancel,
  membersSearch,
  membersGet,
  loyaltyGetAccount,
  loyaltyEarnPoints,
  loyaltyAdjustPoints,
  inventoryUpdate,
  inventoryAdjust,
  blogCreatePost,
  wixApiCall,
  httpRequest,
] as ActionModule[];

const modules: ReadonlyMap<string, ActionModule> = new Map(ALL_MODULES.map((m) => [m.name, m]));

/** The action module a rule step names, or undefined. */
export const getModule = (name: string): ActionModule | undefined => modules.get(name);

/** Every module, sorted by name. */
export const listModules = (): ActionModule[] =>
  [...modules.values()].sort((a, b) => a.name.localeCompare(b.name));
