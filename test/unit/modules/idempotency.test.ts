import { describe, expect, it } from 'vitest';
import { isIdempotent } from '#shared/wix/modules/action-module.ts';
import { getModule } from '#shared/wix/modules/registry.ts';

/** Whether a step of `name` with this input may be repeated after a lost answer, judged on the parsed input. */
function repeatable(name: string, input: Record<string, unknown>): boolean {
  const module = getModule(name);
  if (!module) throw new Error(`no module ${name}`);
  return isIdempotent(module, module.input.parse(input));
}

describe('which steps are safe to repeat after a lost answer', () => {
  it.each([
    ['GET', '/stores/v1/products/p-1', true],
    ['get', '/stores/v1/products/p-1', true],
    ['PUT', '/blog/v3/posts/p-1', true],
    ['DELETE', '/stores/v1/collections/c-1', true],
    ['POST', '/stores/v1/products/query', true],
    ['POST', 'ecom/v1/orders/search', true],
    ['POST', '/contacts/v4/contacts/count', true],
    ['POST', '/ecom/v1/fulfillments/list', true],
    ['POST', '/contacts/v4/contacts', false],
    ['POST', '/stores/v1/products/query-by-ids', false],
    ['POST', '/stores/v1/search-products', false],
    ['PATCH', '/stores/v1/products/p-1', false],
  ])('wix.apiCall %s %s → %s', (method, url, expected) => {
    expect(repeatable('wix.apiCall', { method, url })).toBe(expected);
  });

  it('defaults wix.apiCall to GET, which is safe to repeat', () => {
    expect(repeatable('wix.apiCall', { url: '/stores/v1/products/p-1' })).toBe(true);
  });

  it.each([
    ['GET', true],
    ['PUT', true],
    ['DELETE', true],
    ['POST', false],
    ['PATCH', false],
  ])(
    'http.request %s → %s, whatever the path (only Wix’s read POSTs are known to be reads)',
    (method, expected) => {
      expect(repeatable('http.request', { method, url: 'https://api.example/orders/query' })).toBe(expected);
    },
  );

  it('keeps the boolean of modules that declare one', () => {
    expect(repeatable('products.get', { productId: 'p-1' })).toBe(true);
    expect(repeatable('contacts.create', { firstName: 'Ada' })).toBe(false);
  });
});
