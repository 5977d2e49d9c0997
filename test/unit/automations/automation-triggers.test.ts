import { describe, expect, it } from 'vitest';
import { automationEntity } from '#shared/automations/automation-event.ts';
import {
  AUTOMATION_TRIGGERS,
  listAutomationTriggers,
  parseAutomationTrigger,
} from '#shared/automations/automation-triggers.ts';
import { type RuleSetError, validateRuleSet } from '#shared/rules/apply-rules.ts';

const rule = (trigger: string) => ({
  id: 'r1',
  connection: 'my-site',
  trigger,
  actions: [{ id: 'a', module: 'contacts.create', input: { firstName: 'x' } }],
});
const problemsOf = (trigger: string): string[] => {
  try {
    validateRuleSet([{ source: 'test', value: rule(trigger) }]);
    return [];
  } catch (error) {
    return (error as RuleSetError).problems.map((p) => `${p.path}: ${p.reason}`);
  }
};

describe('Automations triggers in rules', () => {
  it('ships the catalogue of Wix’s n8n node: 230 triggers of 34 apps, each key once', () => {
    expect(AUTOMATION_TRIGGERS).toHaveLength(230);
    expect(new Set(AUTOMATION_TRIGGERS.map((t) => t.appId)).size).toBe(34);
    expect(new Set(AUTOMATION_TRIGGERS.map((t) => t.triggerKey)).size).toBe(230);
    expect(listAutomationTriggers('bookings').every((t) => t.appName === 'Wix Bookings')).toBe(true);
  });

  it('accepts a catalogue key and any app’s key by app id', () => {
    expect(problemsOf('automation:wix_bookings-booking_canceled')).toEqual([]);
    expect(problemsOf('automation:13d21c63-b5ec-5912-8397-c3a5ddb27a97/some_new_trigger')).toEqual([]);
    expect(parseAutomationTrigger('automation:wix_invoices-invoice_paid')).toEqual({
      appId: '13ee94c1-b635-8505-3391-97919052c16f',
      triggerKey: 'wix_invoices-invoice_paid',
    });
  });

  it('refuses a mistyped key with a suggestion, and an app id that is not a GUID', () => {
    expect(problemsOf('automation:wix_bookings-booking_cancelled')).toEqual([
      'trigger: unknown Wix Automations trigger "wix_bookings-booking_cancelled" (did you mean automation:wix_bookings-booking_canceled?); run `wixflow triggers --automations`, or name one outside the catalogue as automation:<appId>/<triggerKey>',
    ]);
    expect(problemsOf('automation:bookings/booking_canceled')).toEqual([
      'trigger: "bookings" is not a Wix app id (a GUID)',
    ]);
  });

  it('finds each app’s main id in the payload, also inside a single data wrapper', () => {
    const bookings = '13d21c63-b5ec-5912-8397-c3a5ddb27a97';

    expect(automationEntity({ data: { bookingId: 'b1', contactId: 'c1' } }, bookings).entityId).toBe('b1');
    expect(automationEntity({ data: { data: { bookingId: 'b2' } } }, bookings)).toEqual({
      entityId: 'b2',
      entity: { bookingId: 'b2' },
    });
    const contacts = '74bff718-5977-47f2-9e5f-a9fd0047fd1f';
    expect(automationEntity({ data: { contactId: 'c1' } }, contacts).entityId).toBe('c1');
    expect(automationEntity({ data: { somethingElse: 1 } }, undefined).entityId).toBeUndefined();
  });
});
