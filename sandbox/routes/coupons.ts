import { type FieldViolation, validationError } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { parseLegacyQuery } from '../legacy-query.ts';
import { type FieldAliases, matchesFilter, type SortKey, sortEntities } from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId } from '../state.ts';

/** The discount kinds a coupon holds exactly one of, with the `type` Wix reports for each (Query example). */
const DISCOUNTS: Record<string, string> = {
  moneyOffAmount: 'MoneyOff',
  percentOffRate: 'PercentOff',
  freeShipping: 'FreeShipping',
  fixedPriceAmount: 'FixedPrice',
  buyXGetY: 'BuyXGetY',
};
const ALIASES: FieldAliases = {
  'scope.namespace': 'specification.scope.namespace',
  'scope.group.name': 'specification.scope.group.name',
  'scope.group.entityId': 'specification.scope.group.entityId',
};
const DEFAULT_SORT: SortKey[] = [{ field: 'dateCreated', order: 'DESC' }];

/** int64 fields travel as strings in proto-JSON answers (the Query Coupons example shows them so). */
const int64 = (v: unknown) => (typeof v === 'number' ? String(v) : v);

function validateSpecification(spec: Entity): void {
  const violations: FieldViolation[] = [];
  const text = (name: string, max: number) => {
    const value = spec[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      violations.push({
        field: `specification.${name}`,
        description: `1-${max} characters`,
        violatedRule: 'MAX_LENGTH',
      });
    }
  };
  text('name', 80);
  text('code', 20);
  if (typeof spec.startTime !== 'number' && typeof spec.startTime !== 'string') {
    violations.push({
      field: 'specification.startTime',
      description: 'startTime is required (epoch ms)',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  const kinds = Object.keys(DISCOUNTS).filter((k) => spec[k] !== undefined);
  if (kinds.length !== 1) {
    violations.push({
      field: 'specification',
      description: `exactly one of ${Object.keys(DISCOUNTS).join(', ')} is required`,
      violatedRule: 'CUSTOM',
    });
  }
  // Wix's Create Coupon: a freeShipping coupon applies to everything, so it cannot take a scope and needs neither.
  if (spec.freeShipping !== undefined && spec.scope !== undefined) {
    violations.push({
      field: 'specification.scope',
      description: 'a freeShipping coupon cannot have a scope',
      violatedRule: 'CUSTOM',
    });
  }
  if (spec.freeShipping === undefined && spec.scope === undefined && spec.minimumSubtotal === undefined) {
    violations.push({
      field: 'specification.scope',
      description: 'scope or minimumSubtotal is required',
      violatedRule: 'REQUIRED_FIELD',
    });
  }
  if (violations.length) throw validationError(violations);
}

function createCoupon(ctx: ApiContext) {
  const spec = asEntity(asEntity(ctx.body).specification);
  validateSpecification(spec);
  const kind = Object.keys(DISCOUNTS).find((k) => spec[k] !== undefined) ?? '';
  const specification: Entity = { ...spec, startTime: int64(spec.startTime), type: DISCOUNTS[kind] };
  if (spec.expirationTime !== undefined) specification.expirationTime = int64(spec.expirationTime);
  const coupon: Entity = {
    id: newId(),
    specification,
    dateCreated: String(ctx.now.getTime()),
    appId: ctx.state.appId,
  };
  ctx.site.coupons.set(String(coupon.id), coupon);
  return { body: { id: coupon.id } };
}

const withExpired = (coupon: Entity, nowMs: number): Entity => {
  const expiration = asEntity(coupon.specification).expirationTime;
  return { ...structuredClone(coupon), expired: expiration !== undefined && Number(expiration) < nowMs };
};

function queryCoupons(ctx: ApiContext) {
  const query = parseLegacyQuery(ctx.body);
  const nowMs = ctx.now.getTime();
  const matching = [...ctx.site.coupons.values()]
    .map((c) => withExpired(c, nowMs))
    .filter((c) => matchesFilter(c, query.filter, ALIASES));
  const sorted = sortEntities(matching, query.sort.length ? query.sort : DEFAULT_SORT, ALIASES);
  return {
    body: { coupons: sorted.slice(query.offset, query.offset + query.limit), totalResults: matching.length },
  };
}

/** Stores v2 coupons (docs/wix-behaviour.md#coupons; stringified filter/sort, ≤100 per page). */
export const couponRoutes: ApiRoute[] = [
  { method: 'POST', path: '/stores/v2/coupons/query', handler: queryCoupons },
  { method: 'POST', path: '/stores/v2/coupons', handler: createCoupon },
];
