import { domainsOf } from '../domains.ts';
import { invalidField } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { existing, modernQueryPage } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const FIELDSETS = new Set(['PUBLIC', 'EXTENDED', 'FULL']);

/** A member projected to a fieldset: PUBLIC drops the login email and contact (Get Member examples). */
const project = (member: Entity, fieldsets: string[]): Entity => {
  for (const f of fieldsets) if (!FIELDSETS.has(f)) throw invalidField('fieldsets', `unknown fieldset ${f}`);
  if (fieldsets.includes('FULL') || fieldsets.includes('EXTENDED')) return structuredClone(member);
  const { loginEmail: _email, contact: _contact, ...publicPart } = member;
  return structuredClone(publicPart);
};

const searchText = (member: Entity) =>
  [
    asEntity(member.profile).nickname,
    asEntity(member.contact).firstName,
    asEntity(member.contact).lastName,
    member.loginEmail,
  ]
    .filter((v) => typeof v === 'string')
    .join(' ')
    .toLowerCase();

/**
 * `POST /members/v1/members/query`: offset paging (max 100), `sort` (as the SDK sends it; `sorting` as the typings
 * name it), `search.expression` over names and emails, `fieldsets` as an array or the docs' single string.
 */
function queryMembers(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  const expression = asEntity(body.search).expression;
  if (expression !== undefined && (typeof expression !== 'string' || expression.length > 100))
    throw invalidField('search.expression', 'must be text of at most 100 characters', 'MAX_LENGTH');
  const fieldsets = (
    Array.isArray(body.fieldsets) ? body.fieldsets : body.fieldsets === undefined ? [] : [body.fieldsets]
  ).map(String);
  const members = [...domainsOf(ctx.site).members.values()].filter(
    (m) => typeof expression !== 'string' || searchText(m).includes(expression.toLowerCase()),
  );
  const { items, pagingMetadata } = modernQueryPage(members, body.query, {
    field: 'query',
    defaultLimit: 100,
    maxLimit: 100,
    sortKeys: ['sort', 'sorting'],
  });
  return {
    body: {
      members: items.map((m) => project(m, fieldsets)),
      metadata: { count: pagingMetadata.count, offset: pagingMetadata.offset, total: pagingMetadata.total },
    },
  };
}

/** Members v1: query and get. */
export const memberRoutes: ApiRoute[] = [
  { method: 'POST', path: '/members/v1/members/query', handler: queryMembers },
  {
    method: 'GET',
    path: '/members/v1/members/:id',
    handler: (ctx) => ({
      body: {
        member: project(
          existing(domainsOf(ctx.site).members, ctx.params.id, 'Member'),
          ctx.query.getAll('fieldsets'),
        ),
      },
    }),
  },
];
