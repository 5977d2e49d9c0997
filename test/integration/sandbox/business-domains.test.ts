import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { at, call, sandboxWithToken } from './helpers.ts';

const CONTACT_ID = '8046df3c-7575-4098-a5ab-c91ad8f33c47';
const LOYALTY_ACCOUNT_ID = 'e6f39a5b-a6d0-4556-b889-0cf09d8a84f7';

describe('Wix sandbox business domains', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    // The demo site on Catalog V1: the V3-only inventory route refuses it (the other routes take either).
    ({ sandbox, auth } = await sandboxWithToken({ catalog: 'V1_CATALOG' }));
  });
  afterAll(() => sandbox.stop());

  it.each([
    ['POST', '/contacts/v4/labels', {}, 'displayName'],
    ['POST', `/contacts/v4/contacts/${CONTACT_ID}/labels`, {}, 'labelKeys'],
    ['POST', '/crm/tasks/v2/tasks', {}, 'task'],
    ['POST', '/bookings/bookings-reader/v2/extended-bookings/query', {}, 'query'],
    ['POST', '/bookings/v2/bookings/88214716-6ed1-4273-b089-8015c4ab2f4b/cancel', {}, 'revision'],
    ['POST', '/pricing-plans/v2/orders/333fbc19-319b-4d1f-8e8f-cf68c6e7b30d/cancel', {}, 'effectiveAt'],
    ['POST', '/loyalty-accounts/v1/accounts', {}, 'contactId'],
    [
      'POST',
      `/loyalty-accounts/v1/accounts/${LOYALTY_ACCOUNT_ID}/earn-points`,
      { amount: 5, appId: 'a' },
      'idempotencyKey',
    ],
    ['POST', '/blog/v3/draft-posts', { draftPost: {} }, 'draftPost.title'],
  ])('answers %s %s without its required field with 400 naming it', async (method, path, body, field) => {
    // Act
    const result = await call(sandbox, method, path, { auth, body });
    // Assess
    expect(result.status).toBe(400);
    expect(at(result.body, 'details.validationError.fieldViolations.0')).toMatchObject({
      field,
      violatedRule: 'REQUIRED_FIELD',
    });
  });

  it.each([
    ['GET', '/events/v3/events/nope'],
    ['GET', '/members/v1/members/nope'],
    ['GET', '/pricing-plans/v2/orders/nope'],
    ['GET', '/loyalty-accounts/v1/accounts/nope'],
    ['GET', '/blog/v3/posts/nope'],
    ['GET', '/crm/tasks/v2/tasks/nope'],
    ['POST', '/bookings/v2/bookings/nope/confirm'],
    ['POST', '/contacts/v4/contacts/nope/labels'],
  ])('answers %s %s for an unknown id with 404 NOT_FOUND', async (method, path) => {
    // Act
    const result = await call(sandbox, method, path, {
      auth,
      body: method === 'POST' ? { revision: '1' } : undefined,
    });
    // Assess
    expect(result.status).toBe(404);
    expect(at(result.body, 'details.applicationError.code')).toBe('NOT_FOUND');
  });

  it('answers a loyalty adjustment at a stale revision with 409, and the earn of a seen idempotency key with the first answer', async () => {
    // Prepare
    const earnPath = `/loyalty-accounts/v1/accounts/${LOYALTY_ACCOUNT_ID}/earn-points`;
    const earn = { amount: 5, appId: 'app', idempotencyKey: '0b6a3c4e-93a5-4f67-9d6e-3c1f2a7b8d90' };
    // Act
    const first = await call(sandbox, 'POST', earnPath, { auth, body: earn });
    const repeated = await call(sandbox, 'POST', earnPath, { auth, body: earn });
    const stale = await call(
      sandbox,
      'POST',
      `/loyalty-accounts/v1/accounts/${LOYALTY_ACCOUNT_ID}/adjust-points`,
      {
        auth,
        body: { amount: 1, revision: '1' },
      },
    );
    // Assess
    expect(first.status).toBe(200);
    expect(repeated.body).toEqual(first.body);
    expect(stale.status).toBe(409);
    expect(at(stale.body, 'details.applicationError.data.currentRevision')).toBe(
      at(first.body, 'account.revision'),
    );
  });

  it('serves the SDK’s GET form of the V3 inventory query only on a V3 site (428 on a V1 site)', async () => {
    // Prepare
    const r = Buffer.from(JSON.stringify({ query: { filter: {} } })).toString('base64url');
    // Act
    const result = await call(sandbox, 'GET', `/stores/v3/inventory-items/query?.r=${r}`, { auth });
    // Assess
    expect(result.status).toBe(428);
  });
});
