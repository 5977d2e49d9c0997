import { describe, expect, it } from 'vitest';
import { parseLegacyQuery } from '#sandbox/legacy-query.ts';
import { matchesFilter, sortEntities } from '#sandbox/query.ts';

describe('Wix query evaluation', () => {
  const product = {
    name: 'Summer Tee',
    priceData: { price: 20 },
    numericId: '1586693639134000',
    collectionIds: ['a', 'b'],
    info: { emails: { items: [{ email: 'x@example.com' }, { email: 'y@example.com' }] } },
  };

  it('matches equality, comparison, $startsWith, $hasSome and $in across arrays', () => {
    // Act / Assess
    expect(matchesFilter(product, { 'priceData.price': '20' })).toBe(true);
    expect(matchesFilter(product, { numericId: { $gt: 1586693639133999 } })).toBe(true);
    expect(matchesFilter(product, { name: { $startsWith: 'sum' } })).toBe(true);
    expect(matchesFilter(product, { collectionIds: { $hasSome: ['b', 'z'] } })).toBe(true);
    expect(matchesFilter(product, { collectionIds: { $hasAll: ['a', 'z'] } })).toBe(false);
    expect(matchesFilter(product, { 'info.emails.items.email': { $in: ['y@example.com'] } })).toBe(true);
    expect(matchesFilter(product, { $or: [{ name: 'nope' }, { 'priceData.price': { $lte: 20 } }] })).toBe(
      true,
    );
    expect(matchesFilter(product, { $not: { name: 'Summer Tee' } })).toBe(false);
  });

  it('throws a 400 for an unknown operator', () => {
    // Act / Assess
    expect(() => matchesFilter(product, { name: { $regex: 'x' } })).toThrow(/Unsupported operator/);
  });

  it('sorts by several keys, numerically for numeric strings', () => {
    // Prepare
    const rows = [
      { n: '10', s: 'b' },
      { n: '9', s: 'a' },
      { n: '10', s: 'a' },
    ];

    // Act
    const sorted = sortEntities(rows, [
      { field: 'n', order: 'DESC' },
      { field: 's', order: 'ASC' },
    ]);

    // Assess
    expect(sorted).toEqual([
      { n: '10', s: 'a' },
      { n: '10', s: 'b' },
      { n: '9', s: 'a' },
    ]);
  });

  it('parses both documented legacy sort forms and rejects an unstringified filter', () => {
    // Act
    const short = parseLegacyQuery({ query: { sort: '[{"price": "desc"}]' } });
    const long = parseLegacyQuery({ query: { sort: '[{"fieldName": "name", "order": "ASC"}]' } });

    // Assess
    expect(short.sort).toEqual([{ field: 'price', order: 'DESC' }]);
    expect(long.sort).toEqual([{ field: 'name', order: 'ASC' }]);
    expect(short.limit).toBe(100);
    expect(() => parseLegacyQuery({ query: { filter: { name: 'x' } } })).toThrow(/JSON-encoded string/);
  });
});
