import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { sampleEventTypes } from '#sandbox/samples.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { eventTypesFor, listTriggers } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { importWixPublicKey, verifyWixWebhook } from '#shared/wix/webhook/verify.ts';
import { eventFinished, startSandboxStack } from '../../support/local-stack.ts';

const PROBE_RULE = 'probe-every-trigger';
/** A collection that does not exist: the sandbox answers 404, and the run keeps the input that was sent. */
const NO_COLLECTION = 'ffffffff-0000-0000-0000-000000000000';

const catalogueTypes = new Set(
  listTriggers().flatMap((t) => [...eventTypesFor(t.name).current, ...eventTypesFor(t.name).legacy]),
);
const emittable = sampleEventTypes().filter((t) => catalogueTypes.has(t) && t !== 'AppRemoved');

describe('every trigger through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack());
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: PROBE_RULE,
          connection: '*',
          trigger: listTriggers().map((t) => t.name),
          actions: [
            {
              id: 'probe',
              module: 'collections.addProducts',
              input: { collectionId: NO_COLLECTION, productIds: ['{{ trigger.entityId }}'] },
            },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('probe rule did not validate');
    await stack.stores.rules.put(prepareRule(rule));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(emittable)(
    'fires a rule from a signed %s webhook with the payload’s entity id',
    async (eventType) => {
      // Prepare: what the trigger catalogue says this payload means.
      const emitted = await sandbox.emit(eventType, { webhookUrl: stack.webhookUrl });
      const decoded = verifyWixWebhook(
        sandbox.signWebhook(emitted.envelope),
        importWixPublicKey(sandbox.publicKeyPem),
      );
      const expected = resolveTriggers(decoded);

      // Act: the webhook has been delivered; wait for the event log to say it finished.
      expect(emitted.status).toBe(200);
      const eventId = JSON.parse(emitted.body).accepted as string;
      const record = await eventFinished(stack, eventId);

      // Assess
      expect(expected.length).toBeGreaterThan(0);
      expect(record.status).toBe('done');
      const runs = await Promise.all(record.runIds.map((id) => stack.stores.runs.get(id)));
      const probes = runs.filter((r) => r?.ruleId === PROBE_RULE);
      expect(probes.length).toBeGreaterThan(0);
      for (const run of probes) {
        const match = expected.find((m) => m.trigger === run?.trigger);
        expect(match, `run for ${run?.trigger}`).toBeDefined();
        expect(run?.steps[0]?.input).toEqual({
          collectionId: NO_COLLECTION,
          productIds: [match?.context.entityId],
        });
      }
    },
  );
});
