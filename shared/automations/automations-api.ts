import * as z from 'zod';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { AutomationTriggerRef } from './automation-triggers.ts';

/**
 * Wix Automations V2 and the Trigger Catalog, as far as wixflow uses them: REST field names of
 * `@wix/auto_sdk_automations_automations-service-v-2` and `@wix/auto_sdk_automations_trigger-catalog`, paths
 * of https://dev.wix.com/docs/rest/business-management/automations/automations/automations-v2 .
 */
export const AUTOMATIONS_PATH = '/automations-service/v2/automations';
export const TRIGGERS_RESOLVE_PATH = '/v1/triggers/resolve';

/** Wix Automations' own app, whose built-in "HTTP request" action (`webhooks-action`) posts to a URL. */
export const WIX_AUTOMATIONS_APP_ID = '139ef4fa-c108-8f9a-c7be-d5f492a2c939';
export const WEBHOOK_ACTION_KEY = 'webhooks-action';
/** The namespace Wix's own n8n node gives the action (the action's output would appear under it). */
export const WEBHOOK_ACTION_NAMESPACE = 'webhooks-action-1';

const ActionSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  appDefinedInfo: z
    .looseObject({
      appId: z.string().optional(),
      actionKey: z.string().optional(),
      inputMapping: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
});

/** An automation as wixflow reads it: what it checks for drift, and the rest kept as Wix sent it. */
export const AutomationSchema = z.looseObject({
  id: z.string().min(1),
  revision: z.union([z.string(), z.number()]).transform(String).optional(),
  name: z.string().optional(),
  origin: z.string().optional(),
  settings: z.looseObject({ hidden: z.boolean().optional(), readonly: z.boolean().optional() }).optional(),
  configuration: z
    .looseObject({
      status: z.string().optional(),
      trigger: z.looseObject({ appId: z.string().optional(), triggerKey: z.string().optional() }).optional(),
      rootActionIds: z.array(z.string()).optional(),
      actions: z.record(z.string(), ActionSchema).optional(),
    })
    .optional(),
});
export type WixAutomation = z.infer<typeof AutomationSchema>;

/** What wixflow asks Wix to create or restore: the hidden automation forwarding one trigger to one URL. */
export interface ForwardingAutomation {
  name: string;
  trigger: AutomationTriggerRef;
  url: string;
  /** The action's id (a GUID); kept across restores so the automation stays the same one. */
  actionId: string;
}

/** The automation's `configuration`: the trigger with no filters, one root action, Wix's HTTP request action. */
export function forwardingConfiguration(spec: ForwardingAutomation) {
  return {
    status: 'ACTIVE',
    trigger: { appId: spec.trigger.appId, triggerKey: spec.trigger.triggerKey, filters: [] },
    rootActionIds: [spec.actionId],
    actions: {
      [spec.actionId]: {
        id: spec.actionId,
        type: 'APP_DEFINED',
        namespace: WEBHOOK_ACTION_NAMESPACE,
        appDefinedInfo: {
          appId: WIX_AUTOMATIONS_APP_ID,
          actionKey: WEBHOOK_ACTION_KEY,
          inputMapping: { url: spec.url, method: 'POST', hasCustomParams: false },
        },
      },
    },
  };
}

/** The URL of an automation's webhook action, when it has exactly the one root action wixflow gives it. */
export function webhookActionOf(automation: WixAutomation): { actionId: string; url: unknown } | undefined {
  const config = automation.configuration;
  const [root, ...others] = config?.rootActionIds ?? [];
  if (!root || others.length > 0) return undefined;
  const action = config?.actions?.[root];
  const info = action?.appDefinedInfo;
  if (
    action?.type !== 'APP_DEFINED' ||
    info?.appId !== WIX_AUTOMATIONS_APP_ID ||
    info.actionKey !== WEBHOOK_ACTION_KEY
  )
    return undefined;
  if (Object.keys(config?.actions ?? {}).length !== 1) return undefined;
  return { actionId: root, url: info.inputMapping?.url };
}

/** Get and Create answer `{automation}`; Wix's n8n node also accepts the bare object, so does wixflow. */
const unwrap = (body: unknown): WixAutomation =>
  AutomationSchema.parse((body as { automation?: unknown } | null)?.automation ?? body);

const QueryPageSchema = z.looseObject({
  automations: z.array(z.unknown()).default([]),
  pagingMetadata: z
    .looseObject({
      hasNext: z.boolean().nullish(),
      cursors: z.looseObject({ next: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

/** The Automations V2 calls of one site, over the connection's Wix client (and so its rate limiter). */
export class AutomationsApi {
  constructor(private readonly wix: WixApi) {}

  /** Creates a hidden, active automation (Wix's n8n recipe, docs/decisions/013). */
  async create(spec: ForwardingAutomation): Promise<WixAutomation> {
    const response = await this.wix.request({
      method: 'POST',
      path: AUTOMATIONS_PATH,
      body: {
        automation: {
          name: spec.name,
          origin: 'USER',
          settings: { hidden: true, readonly: false },
          configuration: forwardingConfiguration(spec),
        },
      },
    });
    return unwrap(response.body);
  }

  /** The automation, or undefined when the site has none with this id (404). */
  async get(id: string): Promise<WixAutomation | undefined> {
    try {
      const response = await this.wix.request({
        method: 'GET',
        path: `${AUTOMATIONS_PATH}/${encodeURIComponent(id)}`,
      });
      return unwrap(response.body);
    } catch (error) {
      if (error instanceof WixApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Puts back wixflow's name and configuration at `current.revision`. `origin` and `settings` go back exactly
   * as fetched: Wix refuses an update that changes (or omits) them.
   */
  async restore(current: WixAutomation, spec: ForwardingAutomation): Promise<WixAutomation> {
    const response = await this.wix.request({
      method: 'PATCH',
      path: `${AUTOMATIONS_PATH}/${encodeURIComponent(current.id)}`,
      body: {
        automation: {
          id: current.id,
          revision: current.revision,
          name: spec.name,
          origin: current.origin,
          settings: current.settings,
          configuration: forwardingConfiguration(spec),
        },
      },
    });
    return unwrap(response.body);
  }

  /** Deletes the automation; true when it existed. */
  async delete(id: string): Promise<boolean> {
    try {
      await this.wix.request({ method: 'DELETE', path: `${AUTOMATIONS_PATH}/${encodeURIComponent(id)}` });
      return true;
    } catch (error) {
      if (error instanceof WixApiError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * Every automation whose name starts with `prefix`, all pages. It asks Wix to filter by name (`name` is
   * filterable per the SDK); should Wix refuse the filter (UNCONFIRMED, docs/decisions/013) it pages through
   * every automation and filters here.
   */
  async listByNamePrefix(prefix: string): Promise<WixAutomation[]> {
    try {
      return await this.query({ name: { $startsWith: prefix } }, prefix);
    } catch (error) {
      if (!(error instanceof WixApiError) || error.status !== 400) throw error;
      return this.query(undefined, prefix);
    }
  }

  private async query(filter: Record<string, unknown> | undefined, prefix: string): Promise<WixAutomation[]> {
    const found: WixAutomation[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = cursor
        ? { cursorPaging: { limit: 100, cursor } }
        : { ...(filter ? { filter } : {}), cursorPaging: { limit: 100 } };
      const response = await this.wix.request({
        method: 'POST',
        path: `${AUTOMATIONS_PATH}/query`,
        body: { query },
      });
      const body = QueryPageSchema.parse(response.body ?? {});
      for (const item of body.automations) {
        const automation = AutomationSchema.safeParse(item);
        if (automation.success && automation.data.name?.startsWith(prefix)) found.push(automation.data);
      }
      const next = body.pagingMetadata?.cursors?.next;
      if (!body.pagingMetadata?.hasNext || !next) break;
      cursor = next;
    }
    return found;
  }
}

const ResolvedTriggerSchema = z.looseObject({
  appId: z.string(),
  triggerKey: z.string(),
  displayName: z.string().optional(),
  payloadDataSchema: z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() }).nullish(),
});
export type ResolvedTrigger = z.infer<typeof ResolvedTriggerSchema>;
const ResolvePageSchema = z.looseObject({
  results: z.array(ResolvedTriggerSchema).default([]),
  paging: z.looseObject({ total: z.number().nullish() }).nullish(),
});

/** Page size of Resolve Triggers: its answers carry whole payload schemas, and Wix advises small pages. */
const RESOLVE_PAGE = 25;

/**
 * The triggers installed on the site, with their payload schemas (`POST /v1/triggers/resolve`, offset paging).
 * Offset pages may overlap, so results are deduplicated by app id and key.
 */
export async function resolveSiteTriggers(wix: WixApi, appId?: string): Promise<ResolvedTrigger[]> {
  const seen = new Map<string, ResolvedTrigger>();
  for (let offset = 0; offset < 5000; offset += RESOLVE_PAGE) {
    const response = await wix.request({
      method: 'POST',
      path: TRIGGERS_RESOLVE_PATH,
      body: { query: { paging: { limit: RESOLVE_PAGE, offset } }, ...(appId ? { appId } : {}) },
    });
    const page = ResolvePageSchema.parse(response.body ?? {});
    for (const t of page.results) seen.set(`${t.appId}/${t.triggerKey}`, t);
    const total = page.paging?.total;
    if (page.results.length < RESOLVE_PAGE || (typeof total === 'number' && offset + RESOLVE_PAGE >= total))
      break;
  }
  return [...seen.values()];
}
