import { describe, expect, it } from 'vitest';
import { sampleEventTypes } from '#sandbox/samples.ts';
import { eventTypesFor, listTriggers } from '#shared/triggers/catalog.ts';

const emitted = listTriggers().flatMap((t) => {
  const types = eventTypesFor(t.name);
  return [
    ...(types.current[0] ? [[t.name, 'current', types.current[0]] as const] : []),
    ...(types.legacy[0] ? [[t.name, 'legacy', types.legacy[0]] as const] : []),
  ];
});

describe('wixflow sandbox emit', () => {
  it.each(emitted)(
    'has a realistic sample for %s in its %s generation (%s)',
    (_trigger, _generation, eventType) => {
      expect(sampleEventTypes()).toContain(eventType);
    },
  );
});
