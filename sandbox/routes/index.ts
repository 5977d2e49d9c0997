import type { ApiRoute, TokenRoute } from '../router.ts';
import { appRoutes } from './apps.ts';
import { automationRoutes } from './automations.ts';
import { cartRoutes } from './carts.ts';
import { catalogV3ProductRoutes } from './catalog-v3-products.ts';
import { categoryRoutes } from './categories.ts';
import { contactRoutes } from './contacts.ts';
import { couponRoutes } from './coupons.ts';
import { fulfillmentRoutes } from './fulfillments.ts';
import { inboxRoutes } from './inbox.ts';
import { oauthRoutes } from './oauth.ts';
import { orderRoutes } from './orders.ts';
import { paymentRoutes } from './payments.ts';
import { provisionRoutes } from './provision.ts';
import { storesCollectionRoutes } from './stores-collections.ts';
import { storesProductRoutes } from './stores-products.ts';

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
  ...automationRoutes,
];
