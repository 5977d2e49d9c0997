import * as z from 'zod';
import { defineModule } from '../action-module.ts';
import { boolean, moduleInput, number, object, text } from '../fields.ts';

const DISCOUNTS = [
  'moneyOffAmount',
  'percentOffRate',
  'freeShipping',
  'fixedPriceAmount',
  'buyXGetY',
] as const;

/** A time as epoch milliseconds (what Stores coupons take), from an ISO date or a number. */
const time = (description: string) =>
  z
    .union([z.number(), z.string()], { error: () => 'must be an ISO date or epoch milliseconds' })
    .transform((v, ctx) => {
      const ms = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO date or epoch milliseconds' });
        return z.NEVER;
      }
      return ms;
    })
    .describe(description);

/**
 * Create a Coupon: `POST /stores/v2/coupons` `{specification}` (docs/wix-behaviour.md#coupons): `scope` (default all of
 * Stores) or `minimumSubtotal`, except that a freeShipping coupon takes no scope (Wix's Create Coupon).
 */
export const couponsCreate = defineModule({
  name: 'coupons.create',
  makeModule: '(not in Make) Create a Coupon',
  description: 'Creates a store coupon with exactly one kind of discount (Manage Coupons scope).',
  input: moduleInput({
    name: text('coupon name shown to the merchant', 80),
    code: text('the code buyers type', 20),
    moneyOffAmount: number('discount: this amount off', { min: 0 }).optional(),
    percentOffRate: number('discount: this percentage off', { min: 0, max: 100 }).optional(),
    freeShipping: z
      .literal(true, { error: () => 'must be true' })
      .optional()
      .describe('discount: free shipping'),
    fixedPriceAmount: number('discount: the item costs this fixed price', { min: 0 }).optional(),
    buyXGetY: z
      .strictObject({
        x: number('buy x', { min: 1, int: true }),
        y: number('get y free', { min: 1, int: true }),
      })
      .optional()
      .describe('discount: buy x, get y free, {x, y}'),
    startTime: time('when it starts (ISO date or epoch ms; default now)').optional(),
    expirationTime: time('when it expires (ISO date or epoch ms)').optional(),
    active: boolean('usable now (default true)').optional(),
    usageLimit: number('how many times it can be used in all', { min: 1, int: true }).optional(),
    limitPerCustomer: number('how many times one customer can use it', { min: 1, int: true }).optional(),
    limitedToOneItem: boolean('applies to one item only').optional(),
    appliesToSubscriptions: boolean('applies to subscriptions too').optional(),
    minimumSubtotal: number('applies to orders from this subtotal (instead of scope)', { min: 0 }).optional(),
    scope: object(
      'what it applies to, e.g. {"namespace": "stores", "group": {"name": "collection", "entityId": "…"}}; default {"namespace": "stores"} (a freeShipping coupon takes none: it applies to everything)',
    ).optional(),
  }).superRefine((input, ctx) => {
    const kinds = DISCOUNTS.filter((k) => input[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: [kinds[1] ?? 'moneyOffAmount'],
        message: `give exactly one discount: ${DISCOUNTS.join(', ')}`,
      });
    if (input.scope !== undefined && input.minimumSubtotal !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['minimumSubtotal'],
        message: 'give scope or minimumSubtotal, not both',
      });
    // Wix: a freeShipping coupon applies to all items in all namespaces and cannot take a scope.
    if (input.freeShipping !== undefined && input.scope !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'a freeShipping coupon applies to everything: omit scope (minimumSubtotal may limit it)',
      });
  }),
  output: '{ id } — the new coupon’s id, as Wix answers it.',
  async run(input, { wix, now }) {
    const { name, code, startTime, scope, minimumSubtotal, active, ...rest } = input;
    const specification: Record<string, unknown> = {
      name,
      code,
      active: active ?? true,
      startTime: startTime ?? (now ?? Date.now)(),
      ...appliesTo({ scope, minimumSubtotal, freeShipping: rest.freeShipping }),
    };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) specification[key] = value;
    const { body } = await wix.request({
      method: 'POST',
      path: '/stores/v2/coupons',
      body: { specification },
    });
    return body;
  },
});

/** What the coupon applies to: `minimumSubtotal`, or a scope (all of Stores by default); free shipping takes no scope. */
function appliesTo(input: { scope?: unknown; minimumSubtotal?: number; freeShipping?: true }) {
  if (input.minimumSubtotal !== undefined) return { minimumSubtotal: input.minimumSubtotal };
  if (input.freeShipping) return {};
  return { scope: input.scope ?? { namespace: 'stores' } };
}
