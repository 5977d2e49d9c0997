import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '#shared/rules/apply-rules.ts';
import { executeSteps } from '#shared/rules/execute-steps.ts';
import type { TriggerContext } from '#shared/triggers/resolve.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import type { OutsideHttp } from '#shared/wix/modules/outside-http.ts';

const connection = { id: 'shop', instanceId: 'inst-1' };
const trigger: TriggerContext = {
  event: {
    id: 'e-1',
    type: 'test',
    instanceId: 'inst-1',
    time: '2026-12-01T00:00:00.000Z',
    source: 'webhook',
  },
  entityId: 'p-1',
  entity: { name: 'Mug' },
  raw: {},
};

/** Three http.request steps; the second posts to a URL the outside service refuses. */
function threeSteps() {
  const [rule] = validateRuleSet([
    {
      source: 'test',
      value: {
        id: 'r',
        connection: 'shop',
        trigger: 'products.created',
        actions: ['ok-1', 'refused', 'ok-2'].map((id) => ({
          id,
          module: 'http.request',
          input: {
            url: `https://hooks.example/${id}`,
            method: 'POST',
            body: { name: '{{ trigger.entity.name }}' },
          },
        })),
      },
    },
  ]);
  if (!rule) throw new Error('rule did not validate');
  return rule;
}

function options(mode: 'run' | 'plan') {
  const sent: string[] = [];
  const http: OutsideHttp = {
    request: async (request) => {
      sent.push(request.url);
      if (request.url.endsWith('/refused')) throw Object.assign(new Error('refused'), { retryable: false });
      return { status: 200, headers: {}, body: { ok: true } };
    },
  };
  return {
    sent,
    options: {
      rule: threeSteps(),
      trigger,
      connection,
      mode,
      moduleContext: () => ({
        wix: { request: () => Promise.reject(new Error('no Wix call expected')) },
        http,
        connection,
        catalogVersions: new CatalogVersions(),
      }),
    },
  };
}

describe('executeSteps', () => {
  it('stops a live run at the first failed step, saying at which stage', async () => {
    const { sent, options: run } = options('run');

    const executed = await executeSteps(run);

    expect(sent).toEqual(['https://hooks.example/ok-1', 'https://hooks.example/refused']);
    expect(executed.steps.map((s) => [s.step.id, s.failure?.stage ?? 'ok'])).toEqual([
      ['ok-1', 'ok'],
      ['refused', 'run'],
    ]);
  });

  it('plans every step of a dry run past a failure', async () => {
    const { sent, options: plan } = options('plan');

    const executed = await executeSteps(plan);

    expect(sent).toHaveLength(3);
    expect(executed.steps.map((s) => s.rendered)).toEqual(
      ['ok-1', 'refused', 'ok-2'].map((id) => ({
        url: `https://hooks.example/${id}`,
        method: 'POST',
        body: { name: 'Mug' },
      })),
    );
  });

  it('reuses the output of a step an earlier attempt finished instead of running it again', async () => {
    const { sent, options: run } = options('run');
    const more: boolean[] = [];

    const executed = await executeSteps({
      ...run,
      finished: (id) => (id === 'ok-2' ? undefined : { output: { earlier: id } }),
      onSucceeded: async (_result, after) => {
        more.push(after.more);
      },
    });

    expect(sent).toEqual(['https://hooks.example/ok-2']);
    expect(executed.steps.map((s) => s.step.id)).toEqual(['ok-2']);
    expect(more).toEqual([false]);
  });
});
