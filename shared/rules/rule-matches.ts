import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { eventContextOf, type TriggerContext, type TriggerMatch } from '#shared/triggers/resolve.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { ruleTriggers, type StoredRule } from './rule-schema.ts';

/** The trigger matches a rule subscribes to: catalogue names, or the raw Wix eventType. */
export function matchesForRule(
  rule: Pick<StoredRule, 'trigger'>,
  matches: TriggerMatch[],
  rawType: string,
  event: WixEvent,
): { trigger: string; context: TriggerContext }[] {
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
