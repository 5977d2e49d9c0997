import { describe, expect, it } from 'vitest';
import { createRunAlerts, runAlertEvent } from '#shared/consumer/run-alerts.ts';
import { createLogger } from '#shared/log.ts';
import { readRuleDocuments, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { renderTemplate } from '#shared/rules/expressions.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import type { Run } from '#shared/store/runs.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

const event: WixEvent = {
  eventId: 'evt-1',
  eventIdSource: 'wix',
  eventType: 'wix.ecom.v1.order_approved',
  instanceId: 'inst-1',
  generation: 'domain',
  data: {},
  time: '2026-12-01T10:00:00.000Z',
  receivedAt: '2026-12-01T10:00:01.000Z',
};
const run: Run = {
  runId: 'run_abc',
  ruleId: 'paid-orders',
  ruleVersion: 'v1',
  eventId: 'evt-1',
  eventType: event.eventType,
  trigger: 'orders.created',
  connectionId: 'shop',
  instanceId: 'inst-1',
  status: 'failed',
  attempts: 1,
  startedAt: '2026-12-01T10:00:02.000Z',
  finishedAt: '2026-12-01T10:00:03.000Z',
  steps: [
    {
      id: 'read',
      module: 'orders.get',
      status: 'succeeded',
      output: { big: 'x'.repeat(150_000) },
      startedAt: '',
      durationMs: 1,
      calls: [],
    },
    {
      id: 'tell',
      module: 'http.request',
      status: 'failed',
      error: { message: 'rule paid-orders: step tell: 404', status: 404, retryable: false },
      startedAt: '',
      durationMs: 1,
      calls: [],
    },
  ],
  expiresAt: 0,
};
const options = {
  trigger: 'wixflow.run.failed',
  cli: 'wixflow --stack Wixflow-prod',
  now: new Date(),
} as const;

describe('runAlertEvent', () => {
  it('derives one id per run end: the same for the same end, another for another status or replay', () => {
    const id = runAlertEvent(run, event, options).eventId;

    expect(runAlertEvent(run, event, { ...options, now: new Date(0) }).eventId).toBe(id);
    expect(runAlertEvent({ ...run, status: 'needs-attention' }, event, options).eventId).not.toBe(id);
    expect(runAlertEvent({ ...run, replayId: 'rp-1' }, event, options).eventId).not.toBe(id);
  });

  it('carries the run, its event, the failed step and how to inspect it, within a queue message', () => {
    const alert = runAlertEvent(run, event, options);

    expect(alert).toMatchObject({
      eventType: 'wixflow.run_failed',
      instanceId: 'inst-1',
      eventIdSource: 'wixflow',
    });
    expect(alert.data).toMatchObject({
      runId: 'run_abc',
      ruleId: 'paid-orders',
      event: { id: 'evt-1', type: 'wix.ecom.v1.order_approved', time: event.time },
      failedStep: { id: 'tell', error: { status: 404 } },
      inspect: { cli: 'wixflow --stack Wixflow-prod runs show run_abc', console: '/runs/run_abc' },
    });
    // The succeeded step's 150 kB output is left out; the failed step is kept whole.
    expect(JSON.stringify(alert).length).toBeLessThan(10_000);
    expect((alert.data as Run).steps.map((s) => s.id)).toEqual(['read', 'tell']);
  });

  it('fires its built-in trigger with the run as trigger.entity and its id as trigger.entityId', () => {
    const [match, ...others] = resolveTriggers(runAlertEvent(run, event, options));

    expect(others).toEqual([]);
    expect(match).toMatchObject({
      trigger: 'wixflow.run.failed',
      context: { entityId: 'run_abc', entity: { ruleId: 'paid-orders' } },
    });
  });

  it('renders the README’s Slack alert example into one line naming the rule, the error and the command', async () => {
    const [, rule] = validateRuleSet(await readRuleDocuments('examples/slack'));
    const [match] = resolveTriggers(runAlertEvent(run, event, options));

    const input = (await renderTemplate(rule?.actions[0]?.input, {
      trigger: match?.context,
      connection: { id: 'shop', instanceId: 'inst-1' },
      secrets: { slackHook: 'https://hooks.slack.com/services/T/B/x' },
    })) as { body: { text: string } };

    expect(input.body.text).toBe(
      ':rotating_light: rule paid-orders failed on shop (wix.ecom.v1.order_approved evt-1): rule paid-orders: step tell: 404 — inspect with `wixflow --stack Wixflow-prod runs show run_abc`',
    );
  });
});

describe('createRunAlerts', () => {
  const quiet = createLogger({ level: 'error', write: () => undefined });
  const alertsOn = (failures: number, options: { keepFails?: boolean } = {}) => {
    const sent: WixEvent[] = [];
    const outcomes: string[] = [];
    const saved: Run[] = [];
    let attempts = 0;
    const alerts = createRunAlerts({
      queue: {
        send: async (alert) => {
          attempts += 1;
          if (attempts <= failures) throw new Error('SQS is unavailable');
          sent.push(alert);
        },
      },
      runs: {
        save: async (kept) => {
          if (options.keepFails) throw new Error('DynamoDB is unavailable');
          saved.push(kept);
        },
      },
      log: quiet,
      onOutcome: (outcome) => outcomes.push(outcome),
      sleep: async () => undefined,
    });
    return { alerts, sent, outcomes, saved, attempts: () => attempts };
  };

  it('asks a queue that refused the alert again, and queues it once', async () => {
    const { alerts, sent, outcomes, attempts } = alertsOn(2);
    await alerts.afterRun(run, event);
    expect(attempts()).toBe(3);
    expect(sent).toHaveLength(1);
    expect(outcomes).toEqual(['queued']);
  });

  it('keeps an alert still refused after three attempts on its run, and has the event delivered again', async () => {
    const { alerts, sent, outcomes, saved, attempts } = alertsOn(3);

    await expect(alerts.afterRun(run, event)).rejects.toBeInstanceOf(RetryableRunError);

    expect(attempts()).toBe(3);
    expect(sent).toHaveLength(0);
    expect(saved).toEqual([{ ...run, alertPending: true }]);
    expect(outcomes).toEqual(['deferred']);

    // The next delivery finds the mark: the alert is queued, and the mark removed.
    await alerts.afterRun({ ...run, alertPending: true }, event);
    expect(sent.map((a) => a.eventType)).toEqual(['wixflow.run_failed']);
    expect(saved.at(-1)).toEqual(run);
    expect(outcomes).toEqual(['deferred', 'queued']);
  });

  it('counts an alert as lost only when it can be neither queued nor kept, without failing the event', async () => {
    const { alerts, sent, outcomes } = alertsOn(10, { keepFails: true });
    await expect(alerts.afterRun(run, event)).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(outcomes).toEqual(['lost']);
  });

  it('raises no alert for a run that succeeded', async () => {
    const { alerts, attempts } = alertsOn(0);
    await alerts.afterRun({ ...run, status: 'succeeded' }, event);
    expect(attempts()).toBe(0);
  });
});
