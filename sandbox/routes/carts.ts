import { notFound } from '../errors.ts';
import type { ApiRoute } from '../router.ts';

/** eCom carts: Get Cart (docs/wix-behaviour.md#carts). */
export const cartRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/ecom/v1/carts/:id',
    handler: (ctx) => {
      const cart = ctx.site.carts.get(ctx.params.id ?? '');
      if (!cart) throw notFound('Cart', String(ctx.params.id));
      return { body: { cart: structuredClone(cart) } };
    },
  },
];
