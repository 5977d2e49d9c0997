import type { ApiRoute, TokenRoute } from '../router.ts';
import { appRoutes } from './apps.ts';
import { blogRoutes } from './blog.ts';
import { bookingRoutes } from './bookings.ts';
import { cartRoutes } from './carts.ts';
import { catalogV3ProductRoutes } from './catalog-v3-products.ts';
import { categoryRoutes } from './categories.ts';
import { contactLabelRoutes } from './contact-labels.ts';
import { contactRoutes } from './contacts.ts';
import { couponRoutes } from './coupons.ts';
import { eventRoutes } from './events.ts';
import { fulfillmentRoutes } from './fulfillments.ts';
import { inboxRoutes } from './inbox.ts';
import { inventoryRoutes } from './inventory.ts';
import { loyaltyRoutes } from './loyalty.ts';
import { memberRoutes } from './members.ts';
import { oauthRoutes } from './oauth.ts';
import { orderRoutes } from './orders.ts';
import { paymentRoutes } from './payments.ts';
import { pricingPlanRoutes } from './pricing-plans.ts';
import { provisionRoutes } from './provision.ts';
import { storesCollectionRoutes } from './stores-collections.ts';
import { storesProductRoutes } from './stores-products.ts';
import { taskRoutes } from './tasks.ts';

/** The OAuth token endpoints. */
export const tokenRoutes: TokenRoute[] = [...oauthRoutes];

/** Every authenticated Wix REST route the sandbox serves, static paths before parameterised ones per group. */
export const apiRoutes: ApiRoute[] = [
  ...provisionRoutes,
  ...storesCollectionRoutes,
  ...storesProductRoutes,
  ...catalogV3ProductRoutes,
  ...categoryRoutes,
  ...contactRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...fulfillmentRoutes,
  ...paymentRoutes,
  ...inboxRoutes,
  ...couponRoutes,
  ...appRoutes,
  ...contactLabelRoutes,
  ...taskRoutes,
  ...bookingRoutes,
  ...eventRoutes,
  ...pricingPlanRoutes,
  ...memberRoutes,
  ...loyaltyRoutes,
  ...inventoryRoutes,
  ...blogRoutes,
];
