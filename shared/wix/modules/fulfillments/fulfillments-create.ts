import * as z from 'zod';
import { defineModule, type ModuleContext } from '../action-module.ts';
import { moduleFailure, seg } from '../failures.ts';
import { id, moduleInput, number, text } from '../fields.ts';

interface LineItem {
  id: string;
  quantity: number;
}

/**
 * Create a Fulfillment on eCom: `POST /ecom/v1/fulfillments/orders/{orderId}/create-fulfillment`, within the limits
 * of Wix's Fulfillment type (≤300 line items of ≤100,000 each; provider ≤100 characters, link ≤2048).
 * Without `lineItems` it fulfils what is left of every line item: it reads the order
 * (`GET /ecom/v1/orders/{id}`) and its fulfillments (`GET /ecom/v1/fulfillments/orders/{id}`) first.
 */
export const fulfillmentsCreate = defineModule({
  name: 'fulfillments.create',
  makeModule: 'Create a Fulfillment',
  description: 'Marks an order’s items as shipped, with tracking information (eCom fulfillments).',
  input: moduleInput({
    orderId: id('the order’s id'),
    trackingNumber: text('the carrier’s tracking number', 100),
    shippingProvider: text(
      'carrier, e.g. fedex, ups, usps, dhl, canadaPost (Wix fills the tracking link for these)',
      100,
    ).optional(),
    trackingLink: z
      .url({ error: () => 'must be a URL' })
      .max(2048, 'must be at most 2048 characters')
      .optional()
      .describe('tracking page URL (for other carriers)'),
    lineItems: z
      .array(
        z.strictObject({
          id: id('the order line item’s id'),
          quantity: number('how many of it are shipped', { min: 1, max: 100_000, int: true }),
        }),
        { error: () => 'must be a list of {id, quantity}' },
      )
      .min(1, 'must list at least one line item')
      .max(300, 'must list at most 300 line items')
      .optional()
      .describe('line items shipped, [{id, quantity}]; omit to fulfil everything not yet fulfilled'),
  }),
  output: '{ orderWithFulfillments: { orderId, fulfillments[] }, fulfillmentId } — as Wix answers it.',
  async run(input, ctx) {
    const lineItems = input.lineItems ?? (await unfulfilled(input.orderId, ctx));
    const trackingInfo = {
      trackingNumber: input.trackingNumber,
      ...(input.shippingProvider === undefined ? {} : { shippingProvider: input.shippingProvider }),
      ...(input.trackingLink === undefined ? {} : { trackingLink: input.trackingLink }),
    };
    const { body } = await ctx.wix.request({
      method: 'POST',
      path: `/ecom/v1/fulfillments/orders/${seg(input.orderId)}/create-fulfillment`,
      body: { fulfillment: { lineItems, trackingInfo } },
    });
    return body;
  },
});

/** Every line item of the order with the quantity not yet in a fulfillment; throws when nothing is left. */
async function unfulfilled(orderId: string, { wix }: ModuleContext): Promise<LineItem[]> {
  const { body: orderBody } = await wix.request<{ order?: { lineItems?: Partial<LineItem>[] } }>({
    method: 'GET',
    path: `/ecom/v1/orders/${seg(orderId)}`,
  });
  const { body: fulfillmentBody } = await wix.request<{
    orderWithFulfillments?: { fulfillments?: { lineItems?: Partial<LineItem>[] }[] };
  }>({ method: 'GET', path: `/ecom/v1/fulfillments/orders/${seg(orderId)}` });
  const shipped = new Map<string, number>();
  for (const f of fulfillmentBody.orderWithFulfillments?.fulfillments ?? [])
    for (const l of f.lineItems ?? [])
      if (l.id) shipped.set(l.id, (shipped.get(l.id) ?? 0) + Number(l.quantity ?? 0));
  const left = (orderBody.order?.lineItems ?? []).flatMap((l) => {
    const quantity = Number(l.quantity ?? 0) - (shipped.get(String(l.id)) ?? 0);
    return l.id && quantity > 0 ? [{ id: l.id, quantity }] : [];
  });
  if (left.length === 0)
    throw moduleFailure(`order ${orderId} has nothing left to fulfil`, 'ALREADY_FULFILLED');
  return left;
}
