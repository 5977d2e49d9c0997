import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listModules } from '#shared/wix/modules/registry.ts';

const problems = (name: string, input: unknown) => {
  const module = listModules().find((m) => m.name === name);
  const result = module?.input.safeParse(input);
  return result?.success
    ? []
    : (result?.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? ['?']);
};

describe('module inputs', () => {
  it('lists every module of the issue, each with a described input and an output', () => {
    const names = listModules().map((m) => m.name);

    expect(names).toEqual(
      [
        'carts.get',
        'collections.addProducts',
        'collections.create',
        'collections.delete',
        'collections.get',
        'collections.removeProducts',
        'collections.search',
        'collections.update',
        'contacts.create',
        'contacts.get',
        'contacts.list',
        'contacts.update',
        'coupons.create',
        'coupons.search',
        'fulfillments.create',
        'http.request',
        'messages.send',
        'orders.generatePdfLink',
        'orders.get',
        'orders.search',
        'payments.get',
        'products.create',
        'products.delete',
        'products.get',
        'products.search',
        'products.update',
        'wix.apiCall',
        'contacts.addLabels',
        'contacts.removeLabels',
        'tasks.create',
        'bookings.search',
        'bookings.get',
        'bookings.confirm',
        'bookings.decline',
        'bookings.cancel',
        'events.search',
        'events.get',
        'eventGuests.search',
        'pricingPlans.search',
        'pricingPlanOrders.search',
        'pricingPlanOrders.get',
        'pricingPlanOrders.cancel',
        'members.search',
        'members.get',
        'loyalty.getAccount',
        'loyalty.earnPoints',
        'loyalty.adjustPoints',
        'inventory.update',
        'inventory.adjust',
        'blog.createPost',
      ].sort(),
    );
    for (const module of listModules()) {
      const schema = z.toJSONSchema(module.input, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, { description?: string }>;
      };
      for (const [field, prop] of Object.entries(schema.properties ?? {}))
        expect(prop.description, `${module.name} input ${field}`).toBeTruthy();
      expect(module.output).toBeTruthy();
    }
  });

  it('uses the same names for the same things across modules', () => {
    const inputsOf = (name: string) =>
      Object.keys(
        (
          z.toJSONSchema(listModules().find((m) => m.name === name)?.input ?? z.object({}), {
            io: 'input',
          }) as {
            properties?: object;
          }
        ).properties ?? {},
      );

    for (const name of [
      'products.search',
      'collections.search',
      'orders.search',
      'coupons.search',
      'bookings.search',
      'events.search',
    ])
      expect(inputsOf(name)).toEqual(['filter', 'sort', 'order', 'limit']);
    expect(inputsOf('collections.addProducts')).toEqual(['collectionId', 'productIds']);
  });

  it('names the field in every message', () => {
    expect(problems('products.create', { name: 'x' })).toEqual(['price: is required']);
    expect(problems('products.create', { name: 'x', price: 'ten' })).toEqual(['price: must be a number']);
    expect(problems('products.search', { limit: 0 })).toEqual(['limit: must be at least 1']);
    expect(problems('products.search', { filter: '{not json' })[0]).toMatch(
      /^filter: must be a Wix filter object/,
    );
    expect(problems('orders.search', { order: 'up' })).toEqual(['order: must be asc or desc']);
    expect(problems('collections.addProducts', { collectionId: 'c', productIds: [] })).toEqual([
      'productIds: must list at least one product id',
    ]);
    expect(problems('carts.get', { cartID: 'x' })).toEqual([
      'cartId: is required',
      ': unknown input "cartID"; this module takes cartId',
    ]);
  });

  it('accepts numeric text for numbers and JSON text for filters, with defaults filled in', () => {
    const module = listModules().find((m) => m.name === 'products.search');

    expect(module?.input.parse({ filter: '{"name": "Hat"}' })).toEqual({
      filter: { name: 'Hat' },
      order: 'asc',
      limit: 100,
    });
    expect(
      listModules()
        .find((m) => m.name === 'products.update')
        ?.input.parse({ productId: 'p', price: '36.00' }),
    ).toEqual({
      productId: 'p',
      price: 36,
    });
  });
});
