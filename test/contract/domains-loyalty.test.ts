import * as loyalty from '@wix/auto_sdk_loyalty_accounts';
import { describe, expect, it } from 'vitest';
import {
  earnIdempotencyKey,
  LOYALTY_APP_ID,
  loyaltyAdjustPoints,
  loyaltyEarnPoints,
  loyaltyGetAccount,
} from '#shared/wix/modules/loyalty/loyalty-accounts.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

const CONTACT_ID = '88615e02-3e8a-4297-8939-5d0a432b322a';
const ACCOUNT_ID = '1ddbd7e1-8a3f-4b0e-bb7b-8d1e8f6e2a10';

const existingAccount = (r: WireRequest) =>
  r.path.endsWith('/fetch-by') ? { account: { id: ACCOUNT_ID, contactId: CONTACT_ID, revision: '4' } } : {};

describe('loyalty modules against Wix’s SDK', () => {
  it('loyalty.getAccount sends what getAccountBySecondaryId sends', async () => {
    // Act
    const ours = await wixflowRequests(loyaltyGetAccount, { contactId: CONTACT_ID });
    const wix = await sdkRequests({ loyalty }, (c) =>
      c.loyalty.getAccountBySecondaryId({ contactId: CONTACT_ID }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('loyalty.earnPoints creates a missing account as createAccount does, then earns as earnPoints does', async () => {
    // Prepare: the contact has no account yet
    const respond = (r: WireRequest) => {
      if (r.path.endsWith('/fetch-by'))
        return new Response('{"message":"not found","details":{}}', { status: 404 });
      if (r.path === '/loyalty-accounts/v1/accounts') return { account: { id: ACCOUNT_ID, revision: '1' } };
      return {};
    };
    const key = earnIdempotencyKey({ runId: 'oracle-run', stepId: 'oracle-step' });
    // Act
    const ours = await wixflowRequests(
      loyaltyEarnPoints,
      { contactId: CONTACT_ID, amount: 25, description: 'Order over 100', orderId: 'o-1' },
      { respond },
    );
    const create = await sdkRequests({ loyalty }, (c) => c.loyalty.createAccount(CONTACT_ID));
    const earn = await sdkRequests({ loyalty }, (c) =>
      c.loyalty.earnPoints(ACCOUNT_ID, {
        amount: 25,
        description: 'Order over 100',
        appId: LOYALTY_APP_ID,
        idempotencyKey: key,
        orderId: 'o-1',
      }),
    );
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual([...create, ...earn].map(contractOf));
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('loyalty.adjustPoints sends the account’s revision, as adjustPoints does', async () => {
    // Act
    const ours = await wixflowRequests(
      loyaltyAdjustPoints,
      { contactId: CONTACT_ID, amount: -5, description: 'Returned item' },
      { respond: existingAccount },
    );
    const wix = await sdkRequests({ loyalty }, (c) =>
      c.loyalty.adjustPoints(ACCOUNT_ID, { amount: -5, description: 'Returned item', revision: '4' }),
    );
    // Assess
    expect(ours.slice(1).map(contractOf)).toEqual(wix.map(contractOf));
  });
});
