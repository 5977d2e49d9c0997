import { describe, expect, it } from 'vitest';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import { textToRichContent } from '#shared/wix/modules/blog/rich-content.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import { isLabelKey } from '#shared/wix/modules/contacts/contacts-labels.ts';
import { earnIdempotencyKey } from '#shared/wix/modules/loyalty/loyalty-accounts.ts';
import { getModule } from '#shared/wix/modules/registry.ts';

const problems = (name: string, input: unknown) => {
  const result = getModule(name)?.input.safeParse(input);
  return result?.success
    ? []
    : (result?.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? ['?']);
};

/** A Wix API double answering each request with the next scripted answer (a body, or an error to throw). */
function scriptedWix(answers: ((request: WixRequest) => unknown)[]): { wix: WixApi; sent: WixRequest[] } {
  const sent: WixRequest[] = [];
  return {
    sent,
    wix: {
      request: async <T>(request: WixRequest) => {
        sent.push(request);
        const answer = answers.shift()?.(request);
        if (answer instanceof Error) throw answer;
        return { status: 200, headers: {}, body: answer as T };
      },
    },
  };
}

const conflict = () =>
  new WixApiError('stale revision', { status: 409, code: 'REVISION_MISMATCH', retryable: false });

describe('business domain modules', () => {
  it('tells label keys from display names', () => {
    expect(['custom.vip-customer', 'contacts.contacted-me', 'members.xyz'].map(isLabelKey)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['VIP', 'Mr. Smith', 'vip customer', '.hidden'].map(isLabelKey)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('turns text into one rich content paragraph per blank-line block, dropping empty ones', () => {
    const content = textToRichContent('First line\r\nsame paragraph\n\n\n  \nSecond\n');
    expect(content.nodes.map((n) => n.nodes[0]?.textData?.text)).toEqual([
      'First line\nsame paragraph',
      'Second',
    ]);
    expect(content.nodes.map((n) => n.id)).toEqual(['p1', 'p2']);
  });

  it('derives the same GUID-shaped earn key for the same run and step, and another for another step', () => {
    const key = earnIdempotencyKey({ runId: 'evt_1:rule-a', stepId: 'earn' });
    expect(earnIdempotencyKey({ runId: 'evt_1:rule-a', stepId: 'earn' })).toBe(key);
    expect(earnIdempotencyKey({ runId: 'evt_1:rule-a', stepId: 'earn-bonus' })).not.toBe(key);
    expect(earnIdempotencyKey({ runId: 'evt_1:rule-a_r2', stepId: 'earn' })).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('names the field in every message of the new modules', () => {
    expect(problems('contacts.addLabels', { contactId: 'c', labels: [] })).toEqual([
      'labels: must list at least one label',
    ]);
    expect(problems('inventory.update', { productId: 'p' })).toEqual([
      'quantity: give exactly one of quantity or inStock',
    ]);
    expect(problems('inventory.update', { productId: 'p', quantity: 1, inStock: true })).toEqual([
      'quantity: give exactly one of quantity or inStock',
    ]);
    expect(problems('inventory.adjust', { productId: 'p', by: 0 })).toEqual(['by: must not be 0']);
    expect(problems('loyalty.earnPoints', { contactId: 'c', amount: 0, description: 'x' })).toEqual([
      'amount: must be at least 1',
    ]);
    expect(problems('loyalty.adjustPoints', { contactId: 'c', amount: 2.5, description: 'x' })).toEqual([
      'amount: must be a whole number',
    ]);
    expect(problems('pricingPlanOrders.search', { statuses: ['GONE'] })[0]).toMatch(
      /^statuses\.0: must be one of DRAFT/,
    );
    expect(problems('tasks.create', { title: 'x', dueDate: 'soon' })).toEqual([
      'dueDate: must be an ISO date, e.g. 2026-12-24T09:00:00Z',
    ]);
    expect(problems('members.get', { memberId: 'm', fieldset: 'ALL' })).toEqual([
      'fieldset: must be one of PUBLIC, EXTENDED, FULL',
    ]);
  });

  it('bookings.cancel reads the booking again and retries once when Wix answers 409 for its revision', async () => {
    // Prepare
    const booking = (revision: string) => () => ({
      extendedBookings: [{ booking: { id: 'b', revision, status: 'CONFIRMED' } }],
    });
    const { wix, sent } = scriptedWix([
      booking('2'),
      conflict,
      booking('3'),
      () => ({ booking: { id: 'b' } }),
    ]);
    // Act
    await getModule('bookings.cancel')?.run(
      { bookingId: 'b' },
      { wix, connection: { id: 'c', instanceId: 'i' }, catalogVersions: new CatalogVersions() },
    );
    // Assess
    expect(sent.map((r) => (r.body as { revision?: string }).revision)).toEqual([
      undefined,
      '2',
      undefined,
      '3',
    ]);
  });

  it('bookings.get refuses an answer about another booking, in case Wix ignored the id filter', async () => {
    // Prepare
    const { wix } = scriptedWix([() => ({ extendedBookings: [{ booking: { id: 'someone-else' } }] })]);
    // Act
    const run = getModule('bookings.get')?.run(
      { bookingId: 'b' },
      { wix, connection: { id: 'c', instanceId: 'i' }, catalogVersions: new CatalogVersions() },
    );
    // Assess
    await expect(run).rejects.toMatchObject({ status: 404, code: 'BOOKING_NOT_FOUND', retryable: false });
  });

  it('loyalty.adjustPoints gives up after a second 409 rather than looping', async () => {
    // Prepare
    const account = () => ({ account: { id: 'a', revision: '4' } });
    const { wix, sent } = scriptedWix([account, conflict, account, conflict]);
    // Act
    const run = getModule('loyalty.adjustPoints')?.run(
      { contactId: 'c', amount: 5, description: 'x' },
      { wix, connection: { id: 'c', instanceId: 'i' }, catalogVersions: new CatalogVersions() },
    );
    // Assess
    await expect(run).rejects.toMatchObject({ status: 409 });
    expect(sent).toHaveLength(4);
  });

  it('loyalty.earnPoints re-reads the account when creating it races with another call (409)', async () => {
    // Prepare
    const notFound = () =>
      new WixApiError('no account', { status: 404, code: 'ACCOUNT_NOT_FOUND', retryable: false });
    const { wix, sent } = scriptedWix([
      notFound,
      conflict,
      () => ({ account: { id: 'a-1', revision: '1' } }),
      () => ({ account: { id: 'a-1' } }),
    ]);
    // Act
    await getModule('loyalty.earnPoints')?.run(
      { contactId: 'c', amount: 5, description: 'x' },
      {
        wix,
        connection: { id: 'c', instanceId: 'i' },
        catalogVersions: new CatalogVersions(),
        step: { runId: 'r', stepId: 's' },
      },
    );
    // Assess
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /loyalty-accounts/v1/accounts/fetch-by',
      'POST /loyalty-accounts/v1/accounts',
      'GET /loyalty-accounts/v1/accounts/fetch-by',
      'POST /loyalty-accounts/v1/accounts/a-1/earn-points',
    ]);
  });
});
