import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '#shared/log.ts';
import { validateRuleSet } from '#shared/rules/apply-rules.ts';
import { matchesForRule } from '#shared/rules/rule-matches.ts';
import { RetryableRunError, type RunRuleDeps, runRule } from '#shared/rules/run-rule.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import type { OutsideRequest } from '#shared/wix/modules/outside-http.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import { useLocalStores } from '../../support/local-stores.ts';
import { loadWebhookFixture } from '../../support/webhooks.ts';

const HOOK = 'https://hooks.slack.com/services/T0001/B0001/s3cr3tS3CR3T';

describe('runRule: calls outside Wix and rule secrets', () => {
  const stores = useLocalStores();
  const logLines: string[] = [];
  const log = createLogger({ level: 'info', write: (line) => logLines.push(line) });

  /** A fresh Product Created event, a rule posting to `url` with `status` as text, and what it needs to run. */
  function setUp(url: string, answer = 200) {
    const productId = randomUUID();
    const event = eventFromEnvelope({
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'inst-http',
      data: {
        ...(loadWebhookFixture('com.wix.ecommerce.catalog.api.v1.ProductCreated').examples[0]
          ?.payload as object),
        // A distinct event each time (a creation's id is its product's): the run id is derived from it.
        productId,
      },
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
              input: { url, method: 'POST', body: { id: '{{ trigger.entityId }}' } },
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
    const deps: RunRuleDeps = {
      runs: stores().runs,
      catalogVersions: new CatalogVersions(),
      wix: () => ({ request: () => Promise.reject(new Error('this rule makes no Wix call')) }),
      http: {
        request: async (request) => {
          sent.push(request);
          return { status: answer, headers: {}, body: { echoed: request.url } };
        },
      },
      log,
    };
    const input = {
      rule: stored,
      event,
      trigger: match.trigger,
      context: match.context,
      connection: { id: 'shop', instanceId: 'inst-http' },
    };
    return { input, deps, sent, productId };
  }

  it('sends http.request steps through the outside client it is given (the consumer Lambda gives one that refuses loopback)', async () => {
    const { input, deps, sent, productId } = setUp('https://hooks.example/p');

    const run = await runRule(input, deps);

    expect(run.status).toBe('succeeded');
    expect(sent).toEqual([
      expect.objectContaining({ method: 'POST', url: 'https://hooks.example/p', body: { id: productId } }),
    ]);
  });

  it('calls with the secret’s value, and records and logs only its name', async () => {
    // Prepare: the hook URL is a rule secret; the outside answer echoes it back.
    const { input, deps, sent } = setUp('{{ secrets.slackHook }}', 404);
    const asked: string[] = [];
    deps.ruleSecret = async (name) => {
      asked.push(name);
      return name === 'slackHook' ? HOOK : undefined;
    };
    logLines.length = 0;

    // Act
    const run = await runRule(input, deps);

    // Assess: the call used the value; nothing kept or logged holds it.
    expect(asked).toEqual(['slackHook']);
    expect(sent[0]?.url).toBe(HOOK);
    expect(run.status).toBe('failed');
    const stored = await stores().runs.get(run.runId);
    expect(stored?.steps[0]?.input).toMatchObject({ url: '[secret slackHook]' });
    expect(JSON.stringify(stored)).not.toContain('s3cr3tS3CR3T');
    expect(JSON.stringify(run)).not.toContain('s3cr3tS3CR3T');
    expect(logLines.join('\n')).not.toContain('s3cr3tS3CR3T');
    expect(logLines.join('\n')).toContain('[secret slackHook]');
  });

  it('fails the run, calling nothing, when a secret it uses is not set', async () => {
    const { input, deps, sent } = setUp('{{ secrets.missingHook }}');
    deps.ruleSecret = async () => undefined;

    const run = await runRule(input, deps);

    expect(run).toMatchObject({ status: 'failed', error: { retryable: false } });
    expect(run.error?.message).toContain('secret missingHook is not set');
    expect(run.error?.message).toContain('wixflow secrets set missingHook');
    expect(sent).toEqual([]);
  });

  it('retries later when the secret store cannot be read', async () => {
    const { input, deps, sent } = setUp('{{ secrets.slackHook }}');
    deps.ruleSecret = () => Promise.reject(new Error('Secrets Manager throttled the request'));

    await expect(runRule(input, deps)).rejects.toBeInstanceOf(RetryableRunError);

    expect(sent).toEqual([]);
  });
});
