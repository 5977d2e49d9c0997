import { isDeepStrictEqual } from 'node:util';
import {
  AUTOMATION_TRIGGERS,
  automationTriggerByKey,
  WIX_GUID,
} from '#shared/automations/automation-triggers.ts';
import { payloadSchemaOf, representativePayload } from '../automation-payloads.ts';
import { applicationError, type FieldViolation, notFound, validationError } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { cursorPage, matchesFilter, readCursorRequest, readInt } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId, type Site } from '../state.ts';

/**
 * Automations V2 (`@wix/auto_sdk_automations_automations-service-v-2`) and the Trigger Catalog's Resolve
 * (`@wix/auto_sdk_automations_trigger-catalog`). Every catalogue trigger counts as installed on every sandbox
 * site. Error codes marked UNCONFIRMED are the sandbox's guess where Wix documents none.
 */
const BASE = '/automations-service/v2/automations';
const ORIGINS = ['USER', 'APPLICATION', 'PREINSTALLED', 'RECIPE'];
const STATUSES = ['ACTIVE', 'INACTIVE'];

/** The automations of each sandbox site (kept beside the site, in memory like the rest of its data). */
const automationsOf = new WeakMap<Site, Map<string, Entity>>();
const siteAutomations = (site: Site): Map<string, Entity> => {
  let map = automationsOf.get(site);
  if (!map) {
    map = new Map();
    automationsOf.set(site, map);
  }
  return map;
};

/** The fields Create requires (the SDK's `@requiredField` tags) and their limits. */
function validateAutomation(automation: Entity, field = 'automation'): void {
  const violations: FieldViolation[] = [];
  const bad = (path: string, description: string, rule: FieldViolation['violatedRule'] = 'REQUIRED_FIELD') =>
    violations.push({ field: `${field}.${path}`, description, violatedRule: rule });
  const name = automation.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 500)
    bad('name', 'name is required (1-500 characters)');
  if (!ORIGINS.includes(String(automation.origin)))
    bad('origin', `origin must be one of ${ORIGINS.join(', ')}`);
  const config = asEntity(automation.configuration);
  if (!STATUSES.includes(String(config.status)))
    bad('configuration.status', 'status must be ACTIVE or INACTIVE');
  const trigger = asEntity(config.trigger);
  if (typeof trigger.appId !== 'string' || !WIX_GUID.test(trigger.appId))
    bad('configuration.trigger.appId', 'appId is required (a GUID)');
  if (
    typeof trigger.triggerKey !== 'string' ||
    trigger.triggerKey.length < 1 ||
    trigger.triggerKey.length > 100
  )
    bad('configuration.trigger.triggerKey', 'triggerKey is required (1-100 characters)');
  const roots = config.rootActionIds;
  if (!Array.isArray(roots) || roots.length > 20)
    bad('configuration.rootActionIds', 'rootActionIds is required (at most 20)');
  const actions = config.actions;
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions))
    bad('configuration.actions', 'actions is required');
  else if (Array.isArray(roots)) {
    for (const [i, id] of roots.entries()) {
      if (!(String(id) in actions))
        bad(`configuration.rootActionIds[${i}]`, `no action with id ${id}`, 'CUSTOM');
    }
  }
  if (violations.length > 0) throw validationError(violations);
  const known = automationTriggerByKey(String(trigger.triggerKey));
  if (!known || known.appId !== trigger.appId) {
    // UNCONFIRMED: the code Wix answers for a trigger that is not installed on the site.
    throw applicationError(
      400,
      'TRIGGER_NOT_FOUND',
      `Trigger ${trigger.appId}/${trigger.triggerKey} is not installed on this site`,
    );
  }
}

/** Actions get their id from their key when they do not carry one (Wix: "If not specified, a new ID is generated"). */
function withActionIds(configuration: Entity): Entity {
  const actions = asEntity(configuration.actions);
  return {
    ...configuration,
    actions: Object.fromEntries(Object.entries(actions).map(([id, a]) => [id, { ...asEntity(a), id }])),
  };
}

function requireAutomation(site: Site, id: string | undefined): Entity {
  const found = id ? siteAutomations(site).get(id) : undefined;
  if (!found || !id) throw notFound('Automation', id ?? '');
  return found;
}

function create({ site, body, now }: ApiContext) {
  const automation = asEntity(asEntity(body).automation);
  validateAutomation(automation);
  const id = newId();
  const stored: Entity = {
    ...automation,
    id,
    revision: '1',
    configuration: withActionIds(asEntity(automation.configuration)),
    settings: { hidden: false, readonly: false, ...asEntity(automation.settings) },
    createdDate: now.toISOString(),
    updatedDate: now.toISOString(),
  };
  siteAutomations(site).set(id, stored);
  return { body: { automation: stored } };
}

function update({ site, params, body, now }: ApiContext) {
  const current = requireAutomation(site, params.id);
  const automation = asEntity(asEntity(body).automation);
  if (automation.revision === undefined || automation.revision === null)
    throw validationError([
      { field: 'automation.revision', description: 'revision is required', violatedRule: 'REQUIRED_FIELD' },
    ]);
  if (String(automation.revision) !== current.revision) {
    // UNCONFIRMED: Wix documents that a stale revision is refused, not its status or code.
    throw applicationError(
      409,
      'REVISION_MISMATCH',
      `Automation revision ${automation.revision} is not the current revision ${current.revision}`,
    );
  }
  // Wix refuses an update that omits or changes origin ("INVALID_ORIGIN_TYPE") or settings.
  if (automation.origin !== current.origin)
    throw applicationError(400, 'INVALID_ORIGIN_TYPE', 'origin must be sent exactly as fetched');
  if (!isDeepStrictEqual(automation.settings, current.settings)) {
    // UNCONFIRMED code: Wix's own skill only says settings must be sent as fetched.
    throw applicationError(400, 'INVALID_SETTINGS', 'settings must be sent exactly as fetched');
  }
  const merged: Entity = {
    ...current,
    ...(automation.name !== undefined ? { name: automation.name } : {}),
    ...(automation.description !== undefined ? { description: automation.description } : {}),
    ...(automation.configuration !== undefined
      ? { configuration: withActionIds(asEntity(automation.configuration)) }
      : {}),
  };
  validateAutomation(merged);
  const stored = {
    ...merged,
    revision: String(Number(current.revision) + 1),
    updatedDate: now.toISOString(),
  };
  siteAutomations(site).set(String(current.id), stored);
  return { body: { automation: stored } };
}

function query({ site, body }: ApiContext) {
  const request = asEntity(asEntity(body).query);
  const state = readCursorRequest(request, request.cursorPaging, 'query.cursorPaging', 50, 500);
  const all = [...siteAutomations(site).values()]
    .filter((a) => matchesFilter(a, state.filter))
    .sort(
      (a, b) =>
        String(a.createdDate).localeCompare(String(b.createdDate)) ||
        String(a.id).localeCompare(String(b.id)),
    );
  const page = cursorPage(all, state);
  return { body: { automations: page.items, pagingMetadata: page.metadata } };
}

function resolveTriggers({ body }: ApiContext) {
  const request = asEntity(body);
  const paging = asEntity(asEntity(request.query).paging);
  const limit = readInt(paging.limit, 'query.paging.limit', 50, 100);
  const offset = readInt(paging.offset, 'query.paging.offset', 0);
  const appId = typeof request.appId === 'string' ? request.appId : undefined;
  const all = AUTOMATION_TRIGGERS.filter((t) => !appId || t.appId === appId);
  const results = all.slice(offset, offset + limit).map((t) => ({
    appId: t.appId,
    triggerKey: t.triggerKey,
    displayName: t.name,
    maturity: 'GA',
    filters: [],
    payloadDataSchema: payloadSchemaOf(t.triggerKey),
  }));
  return {
    body: { results, paging: { count: results.length, offset, total: all.length, tooManyToCount: false } },
  };
}

export const automationRoutes: ApiRoute[] = [
  { method: 'POST', path: `${BASE}/query`, handler: query },
  { method: 'POST', path: BASE, handler: create },
  {
    method: 'GET',
    path: `${BASE}/:id`,
    handler: (ctx) => ({ body: { automation: requireAutomation(ctx.site, ctx.params.id) } }),
  },
  { method: 'PATCH', path: `${BASE}/:id`, handler: update },
  {
    method: 'DELETE',
    path: `${BASE}/:id`,
    handler: ({ site, params }) => {
      requireAutomation(site, params.id);
      siteAutomations(site).delete(params.id ?? '');
      return { body: {} };
    },
  },
  { method: 'POST', path: '/v1/triggers/resolve', handler: resolveTriggers },
];

/** What firing did for one automation: its id and the receiver's answer (never its URL: it holds a secret). */
export interface FiredAutomation {
  automationId: string;
  status: number;
}

/**
 * Makes the trigger happen on the site: every ACTIVE automation with that trigger runs its webhook action,
 * which POSTs the trigger's (representative) payload as JSON to the action's URL. UNCONFIRMED: the exact body
 * and headers Wix's action sends (docs/decisions/013).
 */
export async function fireAutomations(site: Site, triggerKey: string, now: Date): Promise<FiredAutomation[]> {
  const fired: FiredAutomation[] = [];
  for (const automation of siteAutomations(site).values()) {
    const config = asEntity(automation.configuration);
    if (config.status !== 'ACTIVE' || asEntity(config.trigger).triggerKey !== triggerKey) continue;
    const payload = representativePayload(triggerKey, now);
    for (const id of Array.isArray(config.rootActionIds) ? config.rootActionIds : []) {
      const info = asEntity(asEntity(asEntity(config.actions)[String(id)]).appDefinedInfo);
      const url = asEntity(info.inputMapping).url;
      if (info.actionKey !== 'webhooks-action' || typeof url !== 'string') continue;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      }).catch(() => undefined);
      fired.push({ automationId: String(automation.id), status: response?.status ?? 0 });
      await response?.body?.cancel();
    }
  }
  return fired;
}
