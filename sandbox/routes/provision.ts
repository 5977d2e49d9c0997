import type { ApiRoute } from '../router.ts';

/** `GET /stores/v3/provision/version` (wix-api.md §4.4): the site's catalog, never 428 (it is how callers choose). */
export const provisionRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/stores/v3/provision/version',
    handler: (ctx) => ({ body: { catalogVersion: ctx.site.catalogVersion } }),
  },
];
