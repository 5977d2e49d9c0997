import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import type { Entity } from '#sandbox/fixtures.ts';
import { sampleEnvelope } from '#sandbox/samples.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { prepareRule, readRuleDocuments, validateRuleSet } from '#shared/rules/apply-rules.ts';
import type { Run } from '#shared/store/runs.ts';
import { startSandboxStack } from '../../support/local-stack.ts';
import { waitFor } from '../../support/wait.ts';

/** A contact of the demo site (Wix's List Contacts example), standing in for the person an example event names. */
const CONTACT_ID = '8046df3c-7575-4098-a5ab-c91ad8f33c47';

const parse = (value: unknown): Entity => (typeof value === 'string' ? JSON.parse(value) : (value as Entity));

/** Wix's documented example of `eventType`, its action body's entity edited by `edit` (object or JSON-string form). */
function exampleEvent(sandbox: WixSandbox, eventType: string, edit: (entity: Entity) => void) {
  const envelope = sampleEnvelope(eventType, { instanceId: sandbox.instanceId, appId: sandbox.appId });
  const action = envelope.data.actionEvent as Entity;
  const asJson = action.body === undefined;
  const body = parse(asJson ? action.bodyAsJson : action.body);
  edit((body.booking ?? body.order) as Entity);
  if (asJson) action.bodyAsJson = JSON.stringify(body);
  else action.body = body;
  return envelope;
}

/** The output of a run's step, which must exist. */
function outputOf<T>(run: Run, index: number): T {
  const step = run.steps[index];
  if (!step) throw new Error(`run ${run.runId} has no step ${index}`);
  return step.output as T;
}

describe('the business examples end to end through the local stack', () => {
  let stack: LocalStack;
  let sandbox: WixSandbox;

  const deliver = async (envelope: ReturnType<typeof exampleEvent>, ruleId: string): Promise<Run> => {
    const response = await fetch(stack.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: sandbox.signWebhook(envelope),
    });
    expect(response.status).toBe(200);
    const eventId = ((await response.json()) as { accepted: string }).accepted;
    return waitFor<Run>(`a finished run of ${ruleId}`, async () => {
      const run = (await stack.stores.runs.list({ ruleId, limit: 100 })).find((r) => r.eventId === eventId);
      return run && run.status !== 'running' && run.status !== 'retrying' && run;
    });
  };

  beforeAll(async () => {
    ({ stack, sandbox } = await startSandboxStack());
    const demo = await stack.stores.rules.get('demo-new-products-to-new-arrivals');
    if (demo) await stack.stores.rules.put({ ...demo, enabled: false });
    for (const rule of validateRuleSet(await readRuleDocuments('examples/business')))
      await stack.stores.rules.put(prepareRule(rule));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a canceled booking gives the team a follow-up task and emails the client through the Inbox', async () => {
    // Prepare
    const envelope = exampleEvent(sandbox, 'wix.bookings.v2.booking_canceled', (booking) => {
      (booking.contactDetails as Entity).contactId = CONTACT_ID;
    });
    // Act
    const run = await deliver(envelope, 'canceled-booking-follow-up');
    // Assess
    expect(run.status).toBe('succeeded');
    const task = outputOf<{ task: Entity }>(run, 0).task;
    expect(task).toMatchObject({ status: 'ACTION_NEEDED', contact: { id: CONTACT_ID } });
    expect(Date.parse(String(task.dueDate))).toBeGreaterThan(Date.now());
    const sent = outputOf<{ message: { targetChannelIds?: string[] } }>(run, 1);
    expect(sent.message.targetChannelIds).toEqual(['EMAIL']);
  });

  it('a purchased plan labels the buyer with the plan, creating the labels', async () => {
    // Prepare
    const envelope = exampleEvent(sandbox, 'wix.pricing_plans.v2.order_purchased', (order) => {
      order.buyer = { ...(order.buyer as Entity), contactId: CONTACT_ID };
    });
    // Act
    const run = await deliver(envelope, 'plan-buyers-label');
    // Assess
    expect(run.status).toBe('succeeded');
    const contact = outputOf<{ contact: { info: { labelKeys: { items: string[] } } } }>(run, 0).contact;
    expect(contact.info.labelKeys.items).toEqual(
      expect.arrayContaining(['custom.plan-member', 'custom.plan-forever']),
    );
  });

  it('a paid order over 50 earns the buyer a point per 10; a smaller one earns nothing', async () => {
    // Prepare
    const big = exampleEvent(sandbox, 'wix.ecom.v1.order_payment_status_updated', (order) => {
      order.buyerInfo = { ...(order.buyerInfo as Entity), contactId: CONTACT_ID };
      (order.priceSummary as { total: Entity }).total.amount = '125.00';
    });
    const small = exampleEvent(sandbox, 'wix.ecom.v1.order_payment_status_updated', () => {});
    // Act
    const earned = await deliver(big, 'loyalty-points-for-big-orders');
    const skipped = await deliver(small, 'loyalty-points-for-big-orders');
    // Assess
    expect(earned.status).toBe('succeeded');
    expect(earned.steps[0]?.input).toMatchObject({ contactId: CONTACT_ID, amount: 12 });
    expect(outputOf<{ account: { points: { balance: number } } }>(earned, 0).account.points.balance).toBe(12);
    expect(skipped.status).toBe('skipped');
  });

  it('a rule confirms a booking the sandbox emitted as created, found by its trigger.entityId', async () => {
    // Prepare
    for (const rule of validateRuleSet([
      {
        source: 'test',
        value: {
          id: 'confirm-new-bookings',
          connection: '*',
          trigger: 'bookings.created',
          actions: [
            { id: 'confirm', module: 'bookings.confirm', input: { bookingId: '{{ trigger.entityId }}' } },
          ],
        },
      },
    ]))
      await stack.stores.rules.put(prepareRule(rule));
    // Act
    const emitted = await sandbox.emit('wix.bookings.v2.booking_created', { webhookUrl: stack.webhookUrl });
    const eventId = (JSON.parse(emitted.body) as { accepted: string }).accepted;
    const run = await waitFor<Run>('the confirm run', async () => {
      const found = (await stack.stores.runs.list({ ruleId: 'confirm-new-bookings', limit: 10 })).find(
        (r) => r.eventId === eventId,
      );
      return found && found.status !== 'running' && found.status !== 'retrying' && found;
    });
    // Assess
    expect(run.status).toBe('succeeded');
    expect(outputOf<{ booking: Entity }>(run, 0).booking).toMatchObject({
      id: (emitted.envelope.data as { entityId: string }).entityId,
      status: 'CONFIRMED',
      revision: '2',
    });
    await stack.stores.rules.delete('confirm-new-bookings');
  });
});
