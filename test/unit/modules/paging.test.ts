import { describe, expect, it } from 'vitest';
import { crawlByNumericId, legacyQuery, pageByCursor, pageByOffset } from '#shared/wix/modules/paging.ts';

describe('paging helpers', () => {
  it('legacyQuery stringifies filter and sort the way legacy Stores wants them', () => {
    expect(
      legacyQuery({ filter: { price: { $gt: 5 } }, sort: 'price', order: 'desc' }, { limit: 100, offset: 0 }),
    ).toEqual({
      filter: '{"price":{"$gt":5}}',
      sort: '[{"price":"desc"}]',
      paging: { limit: 100, offset: 0 },
    });
    expect(legacyQuery({}, { limit: 1, offset: 2 })).toEqual({ paging: { limit: 1, offset: 2 } });
  });

  it('pageByOffset stops at the limit, a short page, or the reported total', async () => {
    const asked: unknown[] = [];
    const data = Array.from({ length: 250 }, (_, i) => i);
    const fetch = async (p: { limit: number; offset: number }) => {
      asked.push(p);
      return { items: data.slice(p.offset, p.offset + p.limit), total: data.length };
    };

    expect(await pageByOffset(120, 100, fetch)).toHaveLength(120);
    expect(asked).toEqual([
      { limit: 100, offset: 0 },
      { limit: 20, offset: 100 },
    ]);
    asked.length = 0;
    expect(await pageByOffset(1000, 100, fetch)).toHaveLength(250);
    expect(asked).toHaveLength(3);
  });

  it('pageByCursor sends the cursor it was given and stops when there is no next one', async () => {
    const asked: unknown[] = [];
    const pages: Record<string, { items: number[]; next?: string }> = {
      start: { items: [1, 2], next: 'c2' },
      c2: { items: [3, 4], next: 'c3' },
      c3: { items: [5] },
    };

    const items = await pageByCursor(10, 2, async (paging) => {
      asked.push(paging);
      return pages[paging.cursor ?? 'start'] ?? { items: [] };
    });

    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([{ limit: 2 }, { limit: 2, cursor: 'c2' }, { limit: 2, cursor: 'c3' }]);
  });

  it('crawlByNumericId narrows the user’s filter to numericId > last seen, sorted ascending', async () => {
    const asked: { filter?: string; sort: string }[] = [];
    const all = Array.from({ length: 150 }, (_, i) => ({ numericId: String(1000 + i) }));

    const items = await crawlByNumericId(500, { visible: true }, async (query) => {
      asked.push(query);
      const after = query.filter ? (JSON.parse(query.filter).numericId?.$gt ?? 0) : 0;
      return all.filter((p) => Number(p.numericId) > after).slice(0, query.paging.limit);
    });

    expect(items).toHaveLength(150);
    expect(asked.map((q) => q.filter)).toEqual([
      '{"visible":true}',
      '{"visible":true,"numericId":{"$gt":1099}}',
    ]);
    expect(asked.every((q) => q.sort === '[{"numericId":"asc"}]')).toBe(true);
  });

  it('crawlByNumericId combines with $and when the user already filters on numericId', async () => {
    const filters: (string | undefined)[] = [];
    let served = false;
    await crawlByNumericId(200, { numericId: { $lt: 5000 } }, async (query) => {
      filters.push(query.filter);
      if (served) return [];
      served = true;
      return Array.from({ length: 100 }, (_, i) => ({ numericId: i + 1 }));
    });

    expect(filters[1]).toBe('{"$and":[{"numericId":{"$lt":5000}},{"numericId":{"$gt":100}}]}');
  });
});
