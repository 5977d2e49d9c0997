import * as z from 'zod';
import { defineModule } from '../action-module.ts';
import { limit, moduleInput, order } from '../fields.ts';
import { pageByOffset } from '../paging.ts';

/** List Contacts' sortable fields (docs/wix-behaviour.md#contacts). */
const SORTABLE = [
  'createdDate',
  'lastActivity.activityDate',
  'primaryInfo.email',
  'info.name.first',
  'info.name.last',
  'info.company',
  'info.jobTitle',
  'info.birthdate',
] as const;
const PAGE_SIZE = 1000;

/** Make's "List Contacts": `GET /contacts/v4/contacts`, offset paging up to `limit`. */
export const contactsList = defineModule({
  name: 'contacts.list',
  makeModule: 'List Contacts',
  idempotent: true,
  description: 'Lists the site’s contacts (Contacts v4), sorted as asked.',
  input: moduleInput({
    sort: z
      .enum(SORTABLE, { error: () => `must be one of ${SORTABLE.join(', ')}` })
      .optional()
      .describe(`field to sort by: ${SORTABLE.join(', ')}; omit for newest first`),
    order,
    limit: limit(100, 10_000),
  }),
  output: '{ items: Contact[] } — Contacts v4 contacts, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    const items = await pageByOffset(input.limit, PAGE_SIZE, async (paging) => {
      const { body } = await wix.request<{ contacts?: unknown[]; pagingMetadata?: { total?: number } }>({
        method: 'GET',
        path: '/contacts/v4/contacts',
        query: {
          'sort.fieldName': input.sort,
          'sort.order': input.sort === undefined ? undefined : input.order.toUpperCase(),
          'paging.limit': paging.limit,
          'paging.offset': paging.offset,
        },
      });
      return { items: body.contacts ?? [], total: body.pagingMetadata?.total };
    });
    return { items };
  },
});
