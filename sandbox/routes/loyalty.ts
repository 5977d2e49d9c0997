import { domainsOf } from '../domains.ts';
import { applicationError, invalidField } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { bumpRevision, existing, getRoute, requireRevision } from '../modern-query.ts';
import { readWholeNumber } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';

const accounts = (ctx: ApiContext) => domainsOf(ctx.site).loyaltyAccounts;

/** `GET /loyalty-accounts/v1/accounts/fetch-by?contactId=|memberId=`: 404 when the contact has no account. */
function fetchBy(ctx: ApiContext) {
  const contactId = ctx.query.get('contactId');
  const memberId = ctx.query.get('memberId');
  if (!contactId && !memberId)
    throw invalidField('contactId', 'give contactId or memberId', 'REQUIRED_FIELD');
  const account = [...accounts(ctx).values()].find((a) =>
    contactId ? a.contactId === contactId : a.memberId === memberId,
  );
  // UNCONFIRMED: Wix's code for a contact without an account; a 404 is what its docs imply.
  if (!account)
    throw applicationError(
      404,
      'ACCOUNT_NOT_FOUND',
      `no loyalty account for ${contactId ? `contact ${contactId}` : `member ${memberId}`}`,
    );
  return { body: { account: structuredClone(account) } };
}

/** `POST /loyalty-accounts/v1/accounts`: the contact must exist and have no account yet (409 otherwise). */
function createAccount(ctx: ApiContext) {
  const contactId = asEntity(ctx.body).contactId;
  if (typeof contactId !== 'string' || !contactId)
    throw invalidField('contactId', 'contactId is required', 'REQUIRED_FIELD');
  existing(ctx.site.contacts, contactId, 'Contact');
  if ([...accounts(ctx).values()].some((a) => a.contactId === contactId))
    throw applicationError(
      409,
      'ACCOUNT_ALREADY_EXISTS',
      `contact ${contactId} already has a loyalty account`,
    );
  const stamp = ctx.now.toISOString();
  const account: Entity = {
    id: newId(),
    contactId,
    points: { balance: 0, earned: 0, adjusted: 0, redeemed: 0, expired: 0 },
    rewardAvailable: false,
    createdDate: stamp,
    updatedDate: stamp,
    revision: '1',
    tier: { id: null, updatedDate: stamp, points: 0 },
    lastActivityDate: stamp,
  };
  accounts(ctx).set(String(account.id), account);
  return { body: { account: structuredClone(account) } };
}

function record(ctx: ApiContext, account: Entity, transaction: Entity) {
  bumpRevision(account, ctx.now);
  account.lastActivityDate = ctx.now.toISOString();
  account.latestTransaction = { id: newId(), createdDate: ctx.now.toISOString(), ...transaction };
}

/**
 * `POST …/accounts/{id}/earn-points`: amount 1–9,999,999, `appId` and `idempotencyKey` required. A key already
 * honoured answers the first answer again and awards nothing (what the key is for).
 */
function earnPoints(ctx: ApiContext) {
  const account = existing(accounts(ctx), ctx.params.accountId, 'Account');
  const body = asEntity(ctx.body);
  const amount = readWholeNumber(body.amount, 'amount', 1, 9_999_999);
  if (typeof body.appId !== 'string' || !body.appId)
    throw invalidField('appId', 'appId is required', 'REQUIRED_FIELD');
  if (typeof body.idempotencyKey !== 'string' || !body.idempotencyKey)
    throw invalidField('idempotencyKey', 'idempotencyKey is required', 'REQUIRED_FIELD');
  const { earnedKeys } = domainsOf(ctx.site);
  const seen = earnedKeys.get(body.idempotencyKey);
  if (seen) return { body: structuredClone(seen) };
  const points = asEntity(account.points);
  points.balance = Number(points.balance ?? 0) + amount;
  points.earned = Number(points.earned ?? 0) + amount;
  account.points = points;
  record(ctx, account, {
    amount,
    type: 'EARN',
    description: body.description ?? '',
    appId: body.appId,
    idempotencyKey: body.idempotencyKey,
  });
  const answer = { account: structuredClone(account) };
  earnedKeys.set(body.idempotencyKey, answer);
  return { body: answer };
}

/** `POST …/accounts/{id}/adjust-points`: `balance` (set) or `amount` (delta, not 0), current `revision` required. */
function adjustPoints(ctx: ApiContext) {
  const account = existing(accounts(ctx), ctx.params.accountId, 'Account');
  const body = asEntity(ctx.body);
  if ((body.balance === undefined) === (body.amount === undefined))
    throw invalidField('amount', 'give balance or amount, not both or neither');
  requireRevision(account, body.revision, 'revision', 'REVISION_MISMATCH');
  const points = asEntity(account.points);
  const before = Number(points.balance ?? 0);
  const after =
    body.balance === undefined
      ? before + readWholeNumber(body.amount, 'amount', -9_999_999, 9_999_999)
      : readWholeNumber(body.balance, 'balance', 0, 999_999_999);
  if (body.amount === 0) throw invalidField('amount', 'amount must not be 0');
  // UNCONFIRMED: Wix's answer to an adjustment below zero; the sandbox refuses it.
  if (after < 0) throw applicationError(400, 'NOT_ENOUGH_POINTS', `the balance would be ${after}`);
  points.balance = after;
  points.adjusted = Number(points.adjusted ?? 0) + (after - before);
  account.points = points;
  record(ctx, account, {
    amount: after - before,
    type: 'ADJUST',
    description: body.description ?? '',
    appId: ctx.state.appId,
  });
  return { body: { account: structuredClone(account) } };
}

/** Loyalty accounts. */
export const loyaltyRoutes: ApiRoute[] = [
  { method: 'GET', path: '/loyalty-accounts/v1/accounts/fetch-by', handler: fetchBy },
  getRoute('/loyalty-accounts/v1/accounts/:accountId', 'account', 'Account', accounts),
  { method: 'POST', path: '/loyalty-accounts/v1/accounts', handler: createAccount },
  { method: 'POST', path: '/loyalty-accounts/v1/accounts/:accountId/earn-points', handler: earnPoints },
  { method: 'POST', path: '/loyalty-accounts/v1/accounts/:accountId/adjust-points', handler: adjustPoints },
];
