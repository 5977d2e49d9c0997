import { validationError } from '../errors.ts';
import type { Entity } from '../fixtures.ts';
import { sampleResponse } from '../fixtures.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

/** The event names of Wix's Send BI Event (apps.service.json, `EventName`). */
const BI_EVENT_NAMES = new Set([
  'APP_DASHBOARD_LOADED',
  'APP_FINISHED_CONFIGURATION',
  'APP_UPGRADED',
  'PRIMARY_ACTION_PERFORMED',
  'CUSTOM',
]);

/**
 * `POST /apps/v1/bi-event` (docs/wix-behaviour.md#app-management): `{eventName, customEventName?, eventData?}` →
 * `{}`. `CUSTOM` needs a `customEventName`. The site remembers what was sent (APP_FINISHED_CONFIGURATION
 * is what takes an install out of "Setup Incomplete").
 */
function sendBiEvent(ctx: ApiContext) {
  const body = (ctx.body ?? {}) as Entity;
  const name = body.eventName;
  if (typeof name !== 'string' || !BI_EVENT_NAMES.has(name)) {
    throw validationError([
      {
        field: 'eventName',
        description: `must be one of ${[...BI_EVENT_NAMES].join(', ')}`,
        violatedRule: typeof name === 'string' ? 'CUSTOM' : 'REQUIRED_FIELD',
      },
    ]);
  }
  if (name === 'CUSTOM' && (typeof body.customEventName !== 'string' || body.customEventName === '')) {
    throw validationError([
      {
        field: 'customEventName',
        description: 'is required for CUSTOM events',
        violatedRule: 'REQUIRED_FIELD',
      },
    ]);
  }
  ctx.site.biEvents.push({ ...body, sentAt: ctx.now.toISOString() });
  return { body: {} };
}

export const appRoutes: ApiRoute[] = [
  { method: 'POST', path: '/apps/v1/bi-event', handler: sendBiEvent },
  /** `GET /apps/v1/instance` (docs/wix-behaviour.md#app-management): Wix's example with this site's ids. */
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
