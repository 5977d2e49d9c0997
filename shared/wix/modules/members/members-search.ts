import * as z from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { filter, id, limit, moduleInput, order, sort, text, type WixFilter } from '../fields.ts';
import { modernSort, pageByOffset } from '../paging.ts';

/** Query Members answers at most 100 members a page. */
const PAGE_SIZE = 100;
const FIELDSETS = ['PUBLIC', 'EXTENDED', 'FULL'] as const;

const fieldset = z
  .enum(FIELDSETS, { error: () => `must be one of ${FIELDSETS.join(', ')}` })
  .optional()
  .transform((v) => v ?? 'FULL')
  .describe(
    'how much of each member: PUBLIC, EXTENDED or FULL (default FULL: login email and contact details)',
  );

/**
 * Members matching a filter and search text (`POST /members/v1/members/query`, offset paging; `sort` as Wix's SDK
 * sends it, though its typings name the field `sorting`), up to `limit`. Reusable for back-fill with `{updatedDate: {$gt: since}}`. Throws what the Wix client
 * throws.
 */
export async function queryMembers(
  wix: WixApi,
  options: {
    filter?: WixFilter;
    search?: string | undefined;
    sort?: string;
    order?: 'asc' | 'desc';
    fieldset: (typeof FIELDSETS)[number];
    limit: number;
  },
): Promise<unknown[]> {
  return pageByOffset(options.limit, PAGE_SIZE, async (paging) => {
    const { body } = await wix.request<{ members?: unknown[]; metadata?: { total?: number } }>({
      method: 'POST',
      path: '/members/v1/members/query',
      body: {
        query: {
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.sort === undefined ? {} : { sort: modernSort(options.sort, options.order) }),
          paging,
        },
        ...(options.search === undefined ? {} : { search: { expression: options.search } }),
        fieldsets: [options.fieldset],
      },
    });
    return { items: body.members ?? [], total: body.metadata?.total };
  });
}

/** Query Members. */
export const membersSearch = defineModule({
  name: 'members.search',
  makeModule: '(not in Make) Search Members',
  idempotent: true,
  description:
    'Searches the site’s members, e.g. filter {"status": "APPROVED"} or search text (Read Members scope).',
  input: moduleInput({
    filter,
    search: text('plain text to search for in names, nicknames and emails', 100).optional(),
    sort: sort(
      'field to sort by: profile.nickname, contact.firstName, contact.lastName, createdDate, updatedDate, lastLoginDate',
    ),
    order,
    fieldset,
    limit: limit(100, 1000),
  }),
  output: '{ items: Member[] } — site members, up to `limit`, gathered across pages.',
  async run(input, { wix }) {
    return { items: await queryMembers(wix, input) };
  },
});

/** Get Member: `GET /members/v1/members/{id}?fieldsets=…`. */
export const membersGet = defineModule({
  name: 'members.get',
  makeModule: '(not in Make) Get a Member',
  idempotent: true,
  description: 'Gets one site member by id (FULL: with login email and contact details).',
  input: moduleInput({ memberId: id('the member’s id'), fieldset }),
  output: '{ member } — the member, as Wix answers it.',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'GET',
      path: `/members/v1/members/${seg(input.memberId)}`,
      query: { fieldsets: [input.fieldset] },
    });
    return body;
  },
});
