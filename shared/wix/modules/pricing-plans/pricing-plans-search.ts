import * as z from 'zod';
import { defineModule } from '../action-module.ts';
import { limit, moduleInput } from '../fields.ts';
import { pageByOffset } from '../paging.ts';

/** List Plans answers at most 100 plans a page. */
const PAGE_SIZE = 100;
const ARCHIVED = ['ACTIVE', 'ARCHIVED', 'ARCHIVED_AND_ACTIVE'] as const;

/** List Plans: `GET /pricing-plans/v2/plans?limit=&offset=` (Pricing Plans V2, the documented version). */
export const pricingPlansSearch = defineModule({
  name: 'pricingPlans.search',
  makeModule: '(not in Make) List Pricing Plans',
  idempotent: true,
  description: 'Lists the site’s pricing plans, public and hidden (Read Pricing Plans scope).',
  input: moduleInput({
    archived: z
      .enum(ARCHIVED, { error: () => `must be one of ${ARCHIVED.join(', ')}` })
      .optional()
      .describe(`which plans: ${ARCHIVED.join(', ')} (default ACTIVE, as Wix defaults it)`),
    limit: limit(100, 1000),
  }),
  output: '{ items: Plan[] } — pricing plans, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    const items = await pageByOffset(input.limit, PAGE_SIZE, async (paging) => {
      const { body } = await wix.request<{ plans?: unknown[]; pagingMetadata?: { total?: number } }>({
        method: 'GET',
        path: '/pricing-plans/v2/plans',
        query: { archived: input.archived, limit: paging.limit, offset: paging.offset || undefined },
      });
      return { items: body.plans ?? [], total: body.pagingMetadata?.total };
    });
    return { items };
  },
});
