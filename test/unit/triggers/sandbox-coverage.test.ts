import { describe, expect, it } from 'vitest';
import { sampleEnvelope, sampleEventTypes } from '#sandbox/samples.ts';
import { eventTypesFor, listTriggers } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { deliver, TEST_INSTANCE_ID } from '../../support/webhooks.ts';

const emitted = listTriggers().flatMap((t) => {
  const types = eventTypesFor(t.name);
  return [
    ...(types.current[0] ? [[t.name, 'current', types.current[0]] as const] : []),
    ...(types.legacy[0] ? [[t.name, 'legacy', types.legacy[0]] as const] : []),
  ];
});

/** Every eventType of the catalogue, each with a trigger it fires. */
const everyEventType = [
  ...new Map(
    listTriggers().flatMap((t) =>
      [...t.eventTypes.current, ...t.eventTypes.legacy].map((eventType) => [eventType, t.name] as const),
    ),
  ),
];

describe('wixflow sandbox emit', () => {
  it.each(emitted)(
    'has a realistic sample for %s in its %s generation (%s)',
    (_trigger, _generation, eventType) => {
      expect(sampleEventTypes()).toContain(eventType);
    },
  );

  it.each(everyEventType.filter(([eventType]) => sampleEventTypes().includes(eventType)))(
    'emits a signed %s that fires %s with an entity id',
    (eventType, trigger) => {
      // Prepare
      const envelope = sampleEnvelope(eventType, { instanceId: TEST_INSTANCE_ID });

      // Act
      const matches = resolveTriggers(deliver(envelope));

      // Assess
      const match = matches.find((m) => m.trigger === trigger);
      expect(match, `${eventType} fires ${trigger}`).toBeDefined();
      expect(match?.context.entityId).toEqual(expect.any(String));
    },
  );
});
