import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { siteOn, wixError } from './harness.ts';

/** Ids from Wix's documented Events V3, Event Guests, Pricing Plans and Members examples. */
const EVENT_ID = '75d64b92-4078-457a-9259-fef2948459f7';
const GUESTS_EVENT_ID = 'b89aafc0-5473-4a56-8144-333b6c514874';
const ACTIVE_ORDER_ID = '333fbc19-319b-4d1f-8e8f-cf68c6e7b30d';
const MEMBER_ID = 'e62e3011-55cf-4de3-a497-e097b52d86b7';
type Entity = { id: string; [key: string]: unknown };

describe('events, guests, pricing plans and members modules on the sandbox', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('events.search pages across offset pages up to the limit, and events.get reads one event', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const upcoming = (await site.run('events.search', { filter: { status: 'UPCOMING' }, limit: 2 })) as {
      items: Entity[];
    };
    const one = (await site.run('events.get', { eventId: EVENT_ID })) as { event: Entity };
    const missing = await wixError(site.run('events.get', { eventId: 'no-such-event' }));
    // Assess
    expect(upcoming.items).toHaveLength(2);
    expect(upcoming.items.every((e) => e.status === 'UPCOMING')).toBe(true);
    expect(one.event.id).toBe(EVENT_ID);
    expect(missing.status).toBe(404);
  });

  it('eventGuests.search narrows to one event and asks for guest details', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const out = (await site.run('eventGuests.search', {
      eventId: GUESTS_EVENT_ID,
      filter: { guestType: 'TICKET_HOLDER' },
    })) as { items: Entity[] };
    // Assess
    expect(out.items.map((g) => g.id).sort()).toEqual([
      '60744671-db27-4715-9b86-85f301a736af',
      'd2ce4031-278d-4f39-a337-d83baf82a109',
    ]);
    expect(out.items.every((g) => g.guestDetails !== undefined)).toBe(true);
  });

  it('pricingPlanOrders.search filters by status; get and cancel act on one order, a second cancel calls only Get', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const active = (await site.run('pricingPlanOrders.search', { statuses: ['ACTIVE'] })) as {
      items: Entity[];
    };
    await site.run('pricingPlanOrders.cancel', { orderId: ACTIVE_ORDER_ID, effectiveAt: 'IMMEDIATELY' });
    const after = (await site.run('pricingPlanOrders.get', { orderId: ACTIVE_ORDER_ID })) as {
      order: Entity;
    };
    const callsBefore = site.calls().length;
    const again = await site.run('pricingPlanOrders.cancel', {
      orderId: ACTIVE_ORDER_ID,
      effectiveAt: 'IMMEDIATELY',
    });
    // Assess
    expect(active.items.map((o) => o.id)).toContain(ACTIVE_ORDER_ID);
    expect(active.items.every((o) => o.status === 'ACTIVE')).toBe(true);
    expect(after.order.status).toBe('CANCELED');
    expect(again).toEqual({});
    expect(
      site
        .calls()
        .slice(callsBefore)
        .map((c) => c.method),
    ).toEqual(['GET']);
  });

  it('pricingPlans.search lists the plans; a bad effectiveAt never reaches Wix', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const plans = (await site.run('pricingPlans.search', {})) as { items: Entity[] };
    const bad = site.run('pricingPlanOrders.cancel', { orderId: ACTIVE_ORDER_ID, effectiveAt: 'TOMORROW' });
    // Assess
    expect(plans.items.length).toBeGreaterThan(0);
    await expect(bad).rejects.toThrow('input.effectiveAt: must be IMMEDIATELY or NEXT_PAYMENT_DATE');
    expect(site.calls()).toHaveLength(1);
  });

  it('members.search finds members by search text with their FULL fields; members.get reads one', async () => {
    // Prepare
    const site = siteOn(sandbox);
    const full = (await site.run('members.get', { memberId: MEMBER_ID })) as { member: Entity };
    const nickname = String((full.member.profile as { nickname?: string } | undefined)?.nickname ?? '');
    // Act
    const found = (await site.run('members.search', { search: nickname.slice(0, 4) })) as { items: Entity[] };
    const none = (await site.run('members.search', { search: 'zzzz-nobody' })) as { items: Entity[] };
    const publicOnly = (await site.run('members.get', { memberId: MEMBER_ID, fieldset: 'PUBLIC' })) as {
      member: Entity;
    };
    // Assess
    expect(nickname).not.toBe('');
    expect(found.items.map((m) => m.id)).toEqual([MEMBER_ID]);
    expect(none.items).toEqual([]);
    expect(full.member.loginEmail).toBeDefined();
    expect(publicOnly.member.loginEmail).toBeUndefined();
  });
});
