import type { TriggerContext } from '#shared/triggers/resolve.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { automationEntity } from './automation-event.ts';
import {
  AUTOMATION_PREFIX,
  automationTriggerByKey,
  automationTriggerName,
  isAutomationTrigger,
  parseAutomationTrigger,
} from './automation-triggers.ts';

/** The rule expression context of an automation event: the payload as the entity, `event.source: "automation"`. */
export function automationContext(event: WixEvent): TriggerContext {
  const triggerKey = event.eventType.slice(AUTOMATION_PREFIX.length);
  const { entityId, entity } = automationEntity(event, automationTriggerByKey(triggerKey)?.appId);
  return {
    event: {
      id: event.eventId,
      type: event.eventType,
      instanceId: event.instanceId,
      time: event.time,
      source: 'automation',
    },
    entityId,
    entity,
    raw: event.data,
  };
}

/**
 * The eventType a rule's `automation:…` trigger matches (`automation:<triggerKey>`, also for the
 * `automation:<appId>/<triggerKey>` form), or undefined for any other trigger.
 */
export function automationTriggerOfRule(trigger: string): string | undefined {
  if (!isAutomationTrigger(trigger)) return undefined;
  const parsed = parseAutomationTrigger(trigger);
  return 'problem' in parsed ? undefined : automationTriggerName(parsed.triggerKey);
}
