import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '#shared/rules/apply-rules.ts';
import { dryRunRule } from '#shared/rules/dry-run.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import { loadWebhookFixture } from '../../support/webhooks.ts';

const productCreated = loadWebhookFixture('com.wix.ecommerce.catalog.api.v1.ProductCreated').examples[0]
  ?.payload;
const event = eventFromEnvelope({
  eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
  instanceId: 'inst-1',
  data: productCreated,
});
const connection = { id: 'shop', instanceId: 'inst-1' };

function rule(overrides: Record<string, unknown>) {
  const [parsed] = validateRuleSet([
    {
      source: 'test',
      value: {
        id: 'r',
        connection: 'shop',
        trigger: 'products.created',
        actions: [
          {
            id: 'add',
            module: 'collections.addProducts',
            input: { collectionId: 'c-1', productIds: ['{{ trigger.entityId }}'] },
          },
          {
            id: 'tell',
            module: 'http.request',
            input: { url: 'https://example.com/hook', method: 'POST', body: { after: '{{ steps.add }}' } },
          },
        ],
        ...overrides,
      },
    },
  ]);
  if (!parsed) throw new Error('rule did not validate');
  return parsed;
}

describe('dryRunRule', () => {
  it('shows each step’s rendered input and the calls it would send, on the site’s catalog', async () => {
    const v1 = await dryRunRule(rule({}), event, { connection, catalogVersion: 'V1_CATALOG' });
    const v3 = await dryRunRule(rule({}), event, { connection });

    expect(v1.triggers).toEqual(['products.created']);
    expect(v1.steps[0]).toMatchObject({
      input: { collectionId: 'c-1', productIds: ['6693f74a-2a79-0bb7-00ef-2b8581bc8757'] },
      calls: expect.arrayContaining([
        {
          target: 'wix',
          method: 'POST',
          path: '/stores/v1/collections/c-1/productIds',
          body: { productIds: ['6693f74a-2a79-0bb7-00ef-2b8581bc8757'] },
        },
      ]),
    });
    // Without a catalog given, the plan is for V3 (what Wix gives every new store), and the report says so.
    expect(v3.steps[0]?.calls.map((c) => c.path)).toContain('/categories/v1/bulk/categories/c-1/add-items');
    expect([v1.catalogVersion, v3.catalogVersion]).toEqual(['V1_CATALOG', 'V3_CATALOG']);
  });

  it('names no catalog when no step depends on it', async () => {
    const only = rule({
      actions: [
        { id: 'tell', module: 'http.request', input: { url: 'https://hooks.example/x', method: 'POST' } },
      ],
    });
    const outside = await dryRunRule(only, event, { connection });

    expect(outside.steps[0]?.calls.map((c) => c.target)).toEqual(['outside']);
    expect(outside.catalogVersion).toBeUndefined();
  });

  it('plans on the catalog it assumes without asking for the site’s version', async () => {
    const report = await dryRunRule(rule({}), event, { connection, catalogVersion: 'V3_CATALOG' });

    expect(report.steps[0]?.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /categories/v1/bulk/categories/c-1/add-items',
    ]);
  });

  it('gives later steps a clearly marked placeholder for earlier outputs', async () => {
    const report = await dryRunRule(rule({}), event, { connection });

    expect(report.steps[1]?.calls).toEqual([
      {
        target: 'outside',
        method: 'POST',
        path: 'https://example.com/hook',
        body: { after: { dryRun: 'the output of step add (collections.addProducts) would be here' } },
      },
    ]);
  });

  it('stops at a falsy filter and reports its value', async () => {
    const report = await dryRunRule(rule({ filter: 'trigger.entity.visible = false' }), event, {
      connection,
    });

    expect(report.filter).toEqual({
      expression: 'trigger.entity.visible = false',
      value: false,
      passes: false,
    });
    expect(report.steps).toEqual([]);
  });

  it('says so when the rule does not trigger on the event', async () => {
    const report = await dryRunRule(rule({ trigger: 'orders.paid' }), event, { connection });

    expect(report.triggers).toEqual([]);
  });

  it('reports an input that fails the module’s schema without planning calls', async () => {
    const report = await dryRunRule(
      rule({
        actions: [
          {
            id: 'add',
            module: 'collections.addProducts',
            input: { collectionId: '{{ trigger.nope }}', productIds: ['x'] },
          },
        ],
      }),
      event,
      { connection },
    );

    expect(report.steps[0]).toMatchObject({
      calls: [],
      error: expect.stringContaining('input.collectionId'),
    });
  });

  it('plans with a rule secret’s value but shows only its name, and lists the secrets that are not set', async () => {
    const hook = 'https://hooks.slack.com/services/T1/B1/dry-run-secret';
    const secretRule = rule({
      actions: [
        {
          id: 'tell',
          module: 'http.request',
          input: { url: '{{ secrets.slackHook }}', method: 'POST', body: { key: '{{ secrets.apiKey }}' } },
        },
      ],
    });

    const report = await dryRunRule(secretRule, event, {
      connection,
      ruleSecret: async (name) => (name === 'slackHook' ? hook : undefined),
    });

    expect(report.missingSecrets).toEqual(['apiKey']);
    expect(report.steps[0]?.calls).toEqual([
      { target: 'outside', method: 'POST', path: '[secret slackHook]', body: {} },
    ]);
    expect(JSON.stringify(report)).not.toContain('dry-run-secret');
  });
});
