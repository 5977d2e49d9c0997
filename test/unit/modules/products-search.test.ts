import { describe, expect, it } from 'vitest';
import { RuleSetError, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { v3ProductsApiFor } from '#shared/wix/modules/products/v3-product-queries.ts';

const searchRule = (input: Record<string, unknown>) => ({
  id: 'find-products',
  connection: 'my-shop',
  trigger: 'products.created',
  actions: [{ id: 'find', module: 'products.search', input }],
});

function problems(input: Record<string, unknown>): string[] {
  try {
    validateRuleSet([{ source: 'rules.yaml', value: searchRule(input) }]);
  } catch (error) {
    if (error instanceof RuleSetError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('products.search on Catalog V3: Query Products or Search Products', () => {
  it('keeps to Query Products when it declares every filter field, operator and the sort', () => {
    expect(v3ProductsApiFor({ visible: true, slug: { $startsWith: 'tee' } }, 'createdDate')).toBe('query');
    expect(v3ProductsApiFor({ 'options.id': { $hasSome: ['o1'] } }, 'slug')).toBe('query');
    expect(v3ProductsApiFor(undefined, undefined)).toBe('query');
  });

  it('goes to Search Products for name, price and option-name filters, and name or price sorts', () => {
    expect(v3ProductsApiFor({ name: { $startsWith: 'Sum' } }, undefined)).toBe('search');
    expect(v3ProductsApiFor({ visible: true }, 'name')).toBe('search');
    expect(
      v3ProductsApiFor(
        { $and: [{ 'actualPriceRange.minValue.amount': { $lt: 20 } }, { visible: true }] },
        undefined,
      ),
    ).toBe('search');
    // Query takes options.id only with $hasSome/$hasAll; Search takes options.name that way too.
    expect(v3ProductsApiFor({ 'options.name': { $hasSome: ['Size'] } }, undefined)).toBe('search');
  });

  it('finds no V3 API for a name filter sorted by slug (Search does not sort by slug) or a V1 field', () => {
    expect(v3ProductsApiFor({ name: 'Tee' }, 'slug')).toBeUndefined();
    expect(v3ProductsApiFor({ price: { $lt: 20 } }, undefined)).toBeUndefined();
    expect(v3ProductsApiFor({ 'options.name': { $eq: 'Size' } }, undefined)).toBeUndefined();
  });
});

describe('products.search input at rules apply', () => {
  it('accepts filters either catalog takes: V1 price and options.<name>, V3 price ranges and name', () => {
    expect(problems({ filter: { price: { $lt: 20 } }, sort: 'price' })).toEqual([]);
    expect(problems({ filter: { 'options.Color': 'Red' } })).toEqual([]);
    expect(problems({ filter: '{"actualPriceRange.minValue.amount": {"$lt": 20}}', sort: 'name' })).toEqual(
      [],
    );
  });

  it('refuses a filter field and a sort no catalog takes, as rule-id: path: reason', () => {
    expect(problems({ filter: { $or: [{ colour: 'red' }, { name: 'Tee' }] }, sort: 'colour' })).toEqual([
      expect.stringMatching(
        /^find-products: actions\.0\.input\.filter\.colour: no Wix catalog filters products by "colour"; Catalog V1 sites filter by id, name, .* Catalog V3 sites by .*actualPriceRange\.minValue\.amount/,
      ),
      expect.stringMatching(
        /^find-products: actions\.0\.input\.sort: no Wix catalog sorts products by "colour"/,
      ),
    ]);
  });
});
