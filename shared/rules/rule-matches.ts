import { automationContext, automationTriggerOfRule } from '#shared/automations/automation-context.ts';
import { isAutomationEvent } from '#shared/automations/automation-event.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { eventContextOf, type TriggerContext, type TriggerMatch } from '#shared/triggers/resolve.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { ruleTriggers, type StoredRule } from './rule-schema.ts';

/** The trigger matches a rule subscribes to: catalogue names, the raw Wix eventType, or an automation trigger. */
export function matchesForRule(
  rule: Pick<StoredRule, 'trigger'>,
  matches: TriggerMatch[],
  rawType: string,
  event: WixEvent,
): { trigger: string; context: TriggerContext }[] {
  // An automation's event matches only the rules naming its trigger (automation:<triggerKey>).
  if (isAutomationEvent(event)) {
    const named = ruleTriggers(rule).some((t) => automationTriggerOfRule(t) === event.eventType);
    return named ? [{ trigger: event.eventType, context: automationContext(event) }] : [];
  }
  const wanted = new Set(
    ruleTriggers(rule).map((t) => (t.includes('_') || t.includes('-') ? normaliseEventType(t) : t)),
  );
  const out: { trigger: string; context: TriggerContext }[] = matches
    .filter((m) => wanted.has(m.trigger))
    .map((m) => ({ trigger: m.trigger, context: m.context }));
  if (wanted.has(rawType) || wanted.has(event.eventType)) {
    out.push({ trigger: event.eventType, context: rawContext(event, matches) });
  }
  return out;
}

function rawContext(event: WixEvent, matches: TriggerMatch[]): TriggerContext {
  const first = matches[0]?.context;
  return {
    event: eventContextOf(event),
    entityId: first?.entityId,
    entity: first?.entity,
    raw: event.data,
  };
}
