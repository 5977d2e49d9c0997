import { sampleResponse } from '../fixtures.ts';
import type { ApiRoute } from '../router.ts';

/** `GET /apps/v1/instance` (wix-api.md §1.4): the documented example with this site's ids filled in. */
export const appRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/apps/v1/instance',
    handler: (ctx) => {
      const example = sampleResponse('apps.GetAppInstance');
      const installedWixApps =
        ctx.site.catalogVersion === 'STORES_NOT_INSTALLED' ? ['wix_forms'] : ['stores', 'wix_forms'];
      return {
        body: {
          instance: {
            ...(example.instance as object),
            instanceId: ctx.site.instanceId,
            appName: 'wixflow-sandbox',
          },
          site: { ...(example.site as object), siteId: ctx.site.siteId, installedWixApps },
        },
      };
    },
  },
];
