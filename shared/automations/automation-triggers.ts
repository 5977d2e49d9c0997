import { AUTOMATION_PREFIX } from './automation-event.ts';
import catalogue from './automation-triggers.json' with { type: 'json' };

/** A Wix GUID (Wix app ids are not RFC 4122 versioned UUIDs). */
export const WIX_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { AUTOMATION_PREFIX };

/** One Wix Automations trigger of the catalogue (shared/automations/automation-triggers.json). */
export interface AutomationTrigger {
  appId: string;
  appName: string;
  triggerKey: string;
  /** Wix's English name of the trigger, as the site's Automations builder shows it. */
  name: string;
}

/** The trigger an automation listens to: the app that defines it and its key. */
export interface AutomationTriggerRef {
  appId: string;
  triggerKey: string;
}

/**
 * The catalogue: every trigger Wix's own n8n node offers (regenerate with scripts/generate-automation-triggers.ts).
 * A site only has the triggers of the apps installed on it; `wixflow triggers --automations --connection ID` asks.
 */
export const AUTOMATION_TRIGGERS: readonly AutomationTrigger[] = catalogue.triggers;

const BY_KEY = new Map(AUTOMATION_TRIGGERS.map((t) => [t.triggerKey, t]));
const KEY = /^[A-Za-z0-9._-]{1,100}$/;

/** True when a rule trigger names a Wix Automations trigger. */
export const isAutomationTrigger = (name: string): boolean => name.startsWith(AUTOMATION_PREFIX);

/** The catalogue entry of a trigger key, if the catalogue has it. */
export const automationTriggerByKey = (triggerKey: string): AutomationTrigger | undefined =>
  BY_KEY.get(triggerKey);

/** A trigger's rule name: `automation:<triggerKey>`. */
export const automationTriggerName = (triggerKey: string): string => `${AUTOMATION_PREFIX}${triggerKey}`;

/**
 * Reads an `automation:…` rule trigger: `automation:<triggerKey>` must be in the catalogue;
 * `automation:<appId>/<triggerKey>` names any trigger of any app. Returns the reason when it is neither.
 */
export function parseAutomationTrigger(name: string): AutomationTriggerRef | { problem: string } {
  const rest = name.slice(AUTOMATION_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const appId = rest.slice(0, slash);
    const triggerKey = rest.slice(slash + 1);
    if (!WIX_GUID.test(appId)) return { problem: `"${appId}" is not a Wix app id (a GUID)` };
    if (!KEY.test(triggerKey))
      return { problem: `"${triggerKey}" is not a trigger key (1-100 of A-Z a-z 0-9 . _ -)` };
    return { appId, triggerKey };
  }
  const known = BY_KEY.get(rest);
  if (known) return { appId: known.appId, triggerKey: known.triggerKey };
  const hint = closestKey(rest);
  return {
    problem:
      `unknown Wix Automations trigger "${rest}"${hint ? ` (did you mean ${automationTriggerName(hint)}?)` : ''}; ` +
      'run `wixflow triggers --automations`, or name one outside the catalogue as automation:<appId>/<triggerKey>',
  };
}

/** The catalogue entries of apps whose name contains `app` (case-insensitive), or all of them. */
export function listAutomationTriggers(app?: string): AutomationTrigger[] {
  const needle = app?.toLowerCase();
  return AUTOMATION_TRIGGERS.filter((t) => !needle || t.appName.toLowerCase().includes(needle));
}

function closestKey(key: string): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const t of AUTOMATION_TRIGGERS) {
    const d = editDistance(key, t.triggerKey);
    if (d <= 4 && (!best || d < best.d)) best = { key: t.triggerKey, d };
  }
  return best?.key;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j] ?? 0;
      row[j] = next;
    }
  }
  return row[b.length] ?? 0;
}
