import { createHash } from 'node:crypto';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule, type ModuleContext } from '../action-module.ts';
import { isConflict, moduleFailure, seg } from '../failures.ts';
import { id, moduleInput, number, text } from '../fields.ts';

/**
 * The Wix Loyalty app's id, the `appId` Wix documents for points "earned manually" (not by one of its own
 * automations): what a rule's step is from Wix's point of view.
 */
export const LOYALTY_APP_ID = '553c79f3-5625-4f38-b14b-ef7c0d1e87df';

const ACCOUNTS = '/loyalty-accounts/v1/accounts';

export interface LoyaltyAccount {
  id?: string;
  revision?: string;
  contactId?: string;
  points?: { balance?: number };
  [key: string]: unknown;
}

const isNotFound = (error: unknown) => error instanceof WixApiError && error.status === 404;

/** The contact's loyalty account (`GET …/accounts/fetch-by?contactId=`), or undefined when they have none. */
export async function findLoyaltyAccount(
  wix: WixApi,
  contactId: string,
): Promise<LoyaltyAccount | undefined> {
  try {
    const { body } = await wix.request<{ account?: LoyaltyAccount }>({
      method: 'GET',
      path: `${ACCOUNTS}/fetch-by`,
      query: { contactId },
    });
    return body.account;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The contact's account, created (`POST …/accounts` `{contactId}`) when they have none. A 409 on create (another
 * call created it meanwhile) reads it again.
 */
async function accountOf(wix: WixApi, contactId: string, create: boolean): Promise<LoyaltyAccount> {
  const found = await findLoyaltyAccount(wix, contactId);
  if (found?.id !== undefined) return found;
  if (!create)
    throw moduleFailure(`contact ${contactId} has no loyalty account`, 'LOYALTY_ACCOUNT_NOT_FOUND');
  try {
    const { body } = await wix.request<{ account?: LoyaltyAccount }>({
      method: 'POST',
      path: ACCOUNTS,
      body: { contactId },
    });
    if (body.account?.id !== undefined) return body.account;
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  const created = await findLoyaltyAccount(wix, contactId);
  if (created?.id === undefined)
    throw moduleFailure(
      `could not find or create a loyalty account for contact ${contactId}`,
      'LOYALTY_ACCOUNT_NOT_FOUND',
    );
  return created;
}

/**
 * A GUID (the format Wix asks for) derived from the run and step: a redelivered event re-runs the step with the
 * same key, so Wix recognises the retry and awards the points once (README, "Action modules": loyalty points once).
 */
export function earnIdempotencyKey(step: { runId: string; stepId: string }): string {
  const hex = createHash('sha256')
    .update(`wixflow/loyalty.earnPoints/${step.runId}/${step.stepId}`)
    .digest('hex');
  // RFC 9562 version 8 (custom) with the RFC variant bits.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const contactId = id('the contact whose loyalty account it is');
const description = text('why, shown in the customer’s points history', 100);

/** Get Account By Secondary Id: `GET /loyalty-accounts/v1/accounts/fetch-by?contactId=`. */
export const loyaltyGetAccount = defineModule({
  name: 'loyalty.getAccount',
  makeModule: '(not in Make) Get a Loyalty Account',
  idempotent: true,
  description: 'Gets a contact’s loyalty account: points balance, tier, last activity (Read Loyalty scope).',
  input: moduleInput({ contactId }),
  output: '{ account } — the loyalty account, or `{ account: null }` when the contact has none.',
  async run(input, { wix }) {
    return { account: (await findLoyaltyAccount(wix, input.contactId)) ?? null };
  },
});

/**
 * Earn Points: finds (or creates) the contact's account, then `POST …/accounts/{id}/earn-points` with Wix's
 * `idempotencyKey` derived from the run and step.
 */
export const loyaltyEarnPoints = defineModule({
  name: 'loyalty.earnPoints',
  makeModule: '(not in Make) Earn Loyalty Points',
  // Wix's idempotencyKey makes a repeated call award nothing more.
  idempotent: true,
  description:
    'Awards loyalty points to a contact, creating their account if they have none; a retried step never awards twice (Manage Loyalty scope).',
  input: moduleInput({
    contactId,
    amount: number('points to award (1 to 9,999,999)', { min: 1, max: 9_999_999, int: true }),
    description,
    orderId: id('the order the points are for').optional(),
  }),
  output: '{ account } — the account with its new balance.',
  async run(input, { wix, step }) {
    if (step === undefined)
      throw moduleFailure(
        'loyalty.earnPoints runs only as a rule step (its idempotency key comes from the run)',
        'NO_RUN',
      );
    const account = await accountOf(wix, input.contactId, true);
    const accountId = String(account.id);
    const { body } = await wix.request({
      method: 'POST',
      path: `${ACCOUNTS}/${seg(accountId)}/earn-points`,
      body: {
        accountId,
        amount: input.amount,
        description: input.description,
        appId: LOYALTY_APP_ID,
        idempotencyKey: earnIdempotencyKey(step),
        ...(input.orderId === undefined ? {} : { orderId: input.orderId }),
      },
    });
    return body;
  },
});

async function adjust(
  input: { contactId: string; amount: number; description: string },
  { wix }: ModuleContext,
) {
  const account = await accountOf(wix, input.contactId, false);
  const accountId = String(account.id);
  const { body } = await wix.request({
    method: 'POST',
    path: `${ACCOUNTS}/${seg(accountId)}/adjust-points`,
    body: { accountId, amount: input.amount, description: input.description, revision: account.revision },
  });
  return body;
}

/**
 * Adjust Points: reads the contact's account for its `revision`, then `POST …/accounts/{id}/adjust-points` with
 * the amount (a delta); on a 409 (the account changed meanwhile) reads it again and tries once more.
 */
export const loyaltyAdjustPoints = defineModule({
  name: 'loyalty.adjustPoints',
  makeModule: '(not in Make) Adjust Loyalty Points',
  description:
    'Adds (or, with a negative amount, takes away) points on a contact’s existing loyalty account.',
  input: moduleInput({
    contactId,
    amount: number('points to add; negative to take away (not 0)', {
      min: -9_999_999,
      max: 9_999_999,
      int: true,
    }).refine((n) => n !== 0, 'must not be 0'),
    description,
  }),
  output: '{ account } — the account with its new balance.',
  async run(input, ctx) {
    try {
      return await adjust(input, ctx);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return adjust(input, ctx);
    }
  },
});
