import type { ApiRoute } from '../router.ts';

/** `GET /stores/v3/provision/version`: the site's catalog, never 428 (docs/wix-behaviour.md#catalog-versions). */
export const provisionRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/stores/v3/provision/version',
    handler: (ctx) => ({ body: { catalogVersion: ctx.site.catalogVersion } }),
  },
];
