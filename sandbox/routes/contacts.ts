import { applicationError, type FieldViolation, invalidField, notFound, validationError } from '../errors.ts';
import { asEntities, asEntity, type Entity } from '../fixtures.ts';
import {
  type FieldAliases,
  matchesFilter,
  parseModernSort,
  readInt,
  type SortKey,
  sortEntities,
} from '../query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';
import { newId, type Site } from '../state.ts';

/** Filter names (docs/wix-behaviour.md#contacts) mapped to where the Contact object keeps them. */
const ALIASES: FieldAliases = {
  'info.emails.email': 'info.emails.items.email',
  'info.phones.phone': 'info.phones.items.phone',
  'info.labelKeys': 'info.labelKeys.items',
  'info.addresses.address': 'info.addresses.items.address',
};
const DEFAULT_SORT: SortKey[] = [{ field: 'createdDate', order: 'DESC' }];
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 50;

/** Projects a contact to the requested fieldsets; BASIC is id, revision, primaryInfo and name (Query example). */
const project = (contact: Entity, fieldsets: string[]): Entity => {
  if (!fieldsets.includes('BASIC') || fieldsets.includes('FULL')) return structuredClone(contact);
  const info = asEntity(contact.info);
  const out: Entity = {
    id: contact.id,
    revision: contact.revision,
    primaryInfo: structuredClone(contact.primaryInfo),
  };
  out.info = info.name === undefined ? {} : { name: structuredClone(info.name) };
  return out;
};

const contactOf = (site: Site, id: string | undefined): Entity => {
  const contact = id === undefined ? undefined : site.contacts.get(id);
  if (!contact || id === undefined) throw notFound('Contact', String(id));
  return contact;
};

const searchMatches = (contact: Entity, search: string) => {
  if (!search) return true;
  const info = asEntity(contact.info);
  const name = asEntity(info.name);
  const haystack = [
    name.first,
    name.last,
    ...asEntities(asEntity(info.emails).items).map((e) => e.email),
    ...asEntities(asEntity(info.phones).items).map((p) => p.phone),
  ]
    .filter((v) => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  return haystack.includes(search.toLowerCase());
};

function page(
  site: Site,
  filter: unknown,
  sort: SortKey[],
  limit: number,
  offset: number,
  fieldsets: string[],
  search = '',
) {
  const matching = [...site.contacts.values()].filter(
    (c) => matchesFilter(c, filter, ALIASES) && searchMatches(c, search),
  );
  const sorted = sortEntities(matching, sort.length ? sort : DEFAULT_SORT, ALIASES);
  const contacts = sorted.slice(offset, offset + limit).map((c) => project(c, fieldsets));
  return {
    body: {
      contacts,
      pagingMetadata: { count: contacts.length, offset, total: matching.length, tooManyToCount: false },
    },
  };
}

/** `GET /contacts/v4/contacts?sort.fieldName=…&sort.order=…&paging.limit=…&paging.offset=…&fieldsets=…`. */
function listContacts(ctx: ApiContext) {
  const q = ctx.query;
  const fieldName = q.get('sort.fieldName');
  const sort = fieldName ? parseModernSort({ fieldName, order: q.get('sort.order') ?? 'ASC' }, 'sort') : [];
  const limit = readInt(q.get('paging.limit'), 'paging.limit', DEFAULT_LIMIT, MAX_LIMIT);
  const offset = readInt(q.get('paging.offset'), 'paging.offset', 0);
  return page(ctx.site, undefined, sort, limit, offset, q.getAll('fieldsets'));
}

function queryContacts(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  const query = asEntity(body.query);
  const paging = asEntity(query.paging);
  const search = body.search;
  if (search !== undefined && (typeof search !== 'string' || search.length > 100)) {
    throw invalidField('search', 'search must be a string of at most 100 characters', 'MAX_LENGTH');
  }
  const fieldsets = Array.isArray(query.fieldsets) ? query.fieldsets.map(String) : [];
  return page(
    ctx.site,
    query.filter,
    parseModernSort(query.sort),
    readInt(paging.limit, 'query.paging.limit', DEFAULT_LIMIT, MAX_LIMIT),
    readInt(paging.offset, 'query.paging.offset', 0),
    fieldsets,
    typeof search === 'string' ? search : '',
  );
}

/** Gives new email/phone/address items ids and a primary flag on the first one, as Wix's Create example shows. */
function normaliseInfo(info: Entity): Entity {
  const out = structuredClone(info);
  for (const key of ['emails', 'phones', 'addresses'] as const) {
    const items = asEntities(asEntity(out[key]).items);
    if (out[key] === undefined) continue;
    out[key] = {
      items: items.map((item, i) => {
        const withId: Entity = { id: item.id ?? newId(), ...item };
        if (key !== 'addresses') withId.primary = item.primary ?? i === 0;
        return withId;
      }),
    };
  }
  return out;
}

const primaryInfo = (info: Entity): Entity => {
  const out: Entity = {};
  const emails = asEntities(asEntity(info.emails).items);
  const phones = asEntities(asEntity(info.phones).items);
  const email = emails.find((e) => e.primary) ?? emails[0];
  const phone = phones.find((p) => p.primary) ?? phones[0];
  if (email?.email !== undefined) out.email = email.email;
  if (phone?.phone !== undefined) out.phone = phone.phone;
  return out;
};

const emailsOf = (contact: Entity) =>
  asEntities(asEntity(asEntity(contact.info).emails).items).map((e) => String(e.email).toLowerCase());
const phonesOf = (contact: Entity) =>
  asEntities(asEntity(asEntity(contact.info).phones).items).map((p) =>
    String(p.phone).replace(/[^\d+]/g, ''),
  );

/**
 * Refuses info whose email (or, with no email given, phone) another contact already uses, as Create and Update
 * Contact do unless `allowDuplicates`: 409 `DUPLICATE_CONTACT_EXISTS` with Wix's `DuplicateContactExists` data
 * (`@wix/auto_sdk_crm_contacts`: CreateContactApplicationErrors, UpdateContactApplicationErrors).
 */
function refuseDuplicate(site: Site, info: Entity, exceptId?: unknown): void {
  const emails = emailsOf({ info });
  const byEmail = emails.length > 0;
  const wanted = new Set(byEmail ? emails : phonesOf({ info }));
  for (const other of site.contacts.values()) {
    if (other.id === exceptId) continue;
    const taken = (byEmail ? emailsOf(other) : phonesOf(other)).find((v) => wanted.has(v));
    if (taken === undefined) continue;
    throw applicationError(409, 'DUPLICATE_CONTACT_EXISTS', 'Duplicate contact already exists', {
      duplicateContactId: other.id,
      ...(byEmail ? { duplicateEmail: taken } : { duplicatePhone: taken }),
    });
  }
}

function validateInfo(info: Entity, creating: boolean): void {
  const violations: FieldViolation[] = [];
  const name = asEntity(info.name);
  const hasName = typeof name.first === 'string' || typeof name.last === 'string';
  const emails = asEntities(asEntity(info.emails).items);
  const phones = asEntities(asEntity(info.phones).items);
  if (creating && !hasName && emails.length === 0 && phones.length === 0) {
    violations.push({
      field: 'info',
      description: 'A contact needs at least a name, an email or a phone',
      violatedRule: 'CUSTOM',
    });
  }
  emails.forEach((e, i) => {
    if (typeof e.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(e.email)) {
      violations.push({
        field: `info.emails.items[${i}].email`,
        description: 'invalid email',
        violatedRule: 'FORMAT',
      });
    }
  });
  if (violations.length) throw validationError(violations);
}

function createContact(ctx: ApiContext) {
  const body = asEntity(ctx.body);
  if (body.info === undefined) throw invalidField('info', 'info is required', 'REQUIRED_FIELD');
  const info = normaliseInfo(asEntity(body.info));
  validateInfo(info, true);
  if (body.allowDuplicates !== true) refuseDuplicate(ctx.site, info);
  const stamp = ctx.now.toISOString();
  const contact: Entity = {
    id: newId(),
    revision: 1,
    source: { sourceType: 'WIX_APP', appId: ctx.state.appId },
    createdDate: stamp,
    updatedDate: stamp,
    lastActivity: { activityDate: stamp, activityType: 'CONTACT_CREATED' },
    primaryInfo: primaryInfo(info),
    info,
  };
  ctx.site.contacts.set(String(contact.id), contact);
  return { body: { contact: structuredClone(contact) } };
}

function updateContact(ctx: ApiContext) {
  const contact = contactOf(ctx.site, ctx.params.contactId);
  const body = asEntity(ctx.body);
  if (body.revision === undefined) throw invalidField('revision', 'revision is required', 'REQUIRED_FIELD');
  // UNCONFIRMED: Wix documents a 409 for a stale revision but not its code; this one names the conflict.
  if (Number(body.revision) !== Number(contact.revision)) {
    throw applicationError(
      409,
      'CONTACT_ALREADY_CHANGED',
      'Contact has changed since the requested revision',
      {
        currentRevision: contact.revision,
      },
    );
  }
  if (body.info !== undefined) {
    const info = { ...asEntity(contact.info), ...normaliseInfo(asEntity(body.info)) };
    validateInfo(info, false);
    // Only the email or phone this update gives is checked, as Wix's allowDuplicates describes.
    if (body.allowDuplicates !== true) refuseDuplicate(ctx.site, asEntity(body.info), contact.id);
    contact.info = info;
    contact.primaryInfo = primaryInfo(info);
  }
  contact.revision = Number(contact.revision) + 1;
  contact.updatedDate = ctx.now.toISOString();
  return { body: { contact: structuredClone(contact) } };
}

/** Contacts v4 (docs/wix-behaviour.md#contacts). */
export const contactRoutes: ApiRoute[] = [
  { method: 'GET', path: '/contacts/v4/contacts', handler: listContacts },
  { method: 'POST', path: '/contacts/v4/contacts/query', handler: queryContacts },
  { method: 'POST', path: '/contacts/v4/contacts', handler: createContact },
  {
    method: 'GET',
    path: '/contacts/v4/contacts/:id',
    handler: (ctx) => ({
      body: {
        contact: project(contactOf(ctx.site, ctx.params.id), ctx.query.getAll('fieldsets')),
        responseType: 'REGULAR',
      },
    }),
  },
  { method: 'PATCH', path: '/contacts/v4/contacts/:contactId', handler: updateContact },
  {
    method: 'DELETE',
    path: '/contacts/v4/contacts/:contactId',
    handler: (ctx) => {
      ctx.site.contacts.delete(String(contactOf(ctx.site, ctx.params.contactId).id));
      return { body: {} };
    },
  },
];
