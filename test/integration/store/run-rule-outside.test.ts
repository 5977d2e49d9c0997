import { describe, expect, it } from 'vitest';
import { matchesForRule } from '#shared/consumer/process-event.ts';
import { createLogger } from '#shared/log.ts';
import { validateRuleSet } from '#shared/rules/apply-rules.ts';
import { runRule } from '#shared/rules/run-rule.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { OutsideRequest } from '#shared/wix/modules/outside-http.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import { useLocalStores } from '../../support/local-stores.ts';
import { loadWebhookFixture } from '../../support/webhooks.ts';

describe('runRule and calls outside Wix', () => {
  const stores = useLocalStores();

  it('sends http.request steps through the outside client it is given (the consumer Lambda gives one that refuses loopback)', async () => {
    // Prepare: a Product Created event and a rule that posts it to a hook.
    const event = eventFromEnvelope({
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'inst-http',
      data: loadWebhookFixture('com.wix.ecommerce.catalog.api.v1.ProductCreated').examples[0]?.payload,
    });
    const [rule] = validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'notify',
          connection: 'shop',
          trigger: 'products.created',
          actions: [
            {
              id: 'tell',
              module: 'http.request',
              input: {
                url: 'https://hooks.example/p',
                method: 'POST',
                body: { id: '{{ trigger.entityId }}' },
              },
            },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('the rule did not validate');
    const stored = { ...rule, version: 'v1', updatedAt: '2026-11-26T00:00:00.000Z' };
    const [match] = matchesForRule(
      stored,
      resolveTriggers(event),
      normaliseEventType(event.eventType),
      event,
    );
    if (!match) throw new Error('the rule does not match the event');
    const sent: OutsideRequest[] = [];
    const http = {
      request: async (request: OutsideRequest) => {
        sent.push(request);
        return { status: 200, headers: {}, body: { ok: true } };
      },
    };

    // Act
    const run = await runRule(
      {
        rule: stored,
        event,
        trigger: match.trigger,
        context: match.context,
        connection: { id: 'shop', instanceId: 'inst-http' },
      },
      {
        runs: stores().runs,
        wix: () => ({
          request: () => Promise.reject(new Error('this rule makes no Wix call')),
        }),
        http,
        log: createLogger({ level: 'silent' }),
      },
    );

    // Assess
    expect(run.status).toBe('succeeded');
    expect(sent).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: 'https://hooks.example/p',
        body: { id: '6693f74a-2a79-0bb7-00ef-2b8581bc8757' },
      }),
    ]);
  });
});
