import { domainsOf } from '../domains.ts';
import { invalidField, notFound } from '../errors.ts';
import { asEntity, type Entity } from '../fixtures.ts';
import { modernQueryPage } from '../modern-query.ts';
import type { ApiContext, ApiRoute } from '../router.ts';

const contactOf = (ctx: ApiContext): Entity => {
  const contact = ctx.site.contacts.get(ctx.params.contactId ?? '');
  if (!contact) throw notFound('Contact', String(ctx.params.contactId));
  return contact;
};

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** `POST /contacts/v4/labels`: the custom label with this display name (case-insensitive), created if new. */
function findOrCreateLabel(ctx: ApiContext) {
  const displayName = asEntity(ctx.body).displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '')
    throw invalidField('displayName', 'displayName is required', 'REQUIRED_FIELD');
  if (displayName.length > 100)
    throw invalidField('displayName', 'must be at most 100 characters', 'MAX_LENGTH');
  const { labels } = domainsOf(ctx.site);
  const wanted = displayName.trim().toLowerCase();
  const known = [...labels.values()].find(
    (l) => l.namespace === 'custom' && String(l.displayName).toLowerCase() === wanted,
  );
  if (known) return { body: { label: structuredClone(known), newLabel: false } };
  const stamp = ctx.now.toISOString();
  let key = `custom.${slug(displayName) || 'label'}`;
  for (let n = 2; labels.has(key); n++) key = `custom.${slug(displayName)}-${n}`;
  const label: Entity = {
    namespace: 'custom',
    key,
    displayName: displayName.trim(),
    labelType: 'USER_DEFINED',
    createdDate: stamp,
    updatedDate: stamp,
  };
  labels.set(key, label);
  return { body: { label: structuredClone(label), newLabel: true } };
}

/** `POST /contacts/v4/labels/query`: offset paging; `pagingMetadata` as the current type names it (the docs: `metadata`). */
function queryLabels(ctx: ApiContext) {
  const { items, pagingMetadata } = modernQueryPage(
    [...domainsOf(ctx.site).labels.values()],
    asEntity(ctx.body).query,
    { field: 'query', defaultLimit: 50, maxLimit: 1000 },
  );
  const { count, offset, total } = pagingMetadata;
  return { body: { labels: items, pagingMetadata: { count, offset, total } } };
}

/** Reads `labelKeys` (query parameters, as the SDK sends them, or the body, as the doc example does). */
function labelKeysOf(ctx: ApiContext, fromQuery: boolean): string[] {
  const keys =
    fromQuery && ctx.query.getAll('labelKeys').length > 0
      ? ctx.query.getAll('labelKeys')
      : asEntity(ctx.body).labelKeys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw invalidField('labelKeys', 'labelKeys must list at least one label key', 'REQUIRED_FIELD');
  return keys.map(String);
}

function setLabels(ctx: ApiContext, contact: Entity, keys: string[]) {
  const info = asEntity(contact.info);
  info.labelKeys = { items: keys };
  contact.info = info;
  contact.revision = Number(contact.revision ?? 0) + 1;
  contact.updatedDate = ctx.now.toISOString();
  return { body: { contact: structuredClone(contact) } };
}

const currentKeys = (contact: Entity): string[] =>
  (asEntity(asEntity(contact.info).labelKeys).items as unknown[] | undefined)?.map(String) ?? [];

/** `POST /contacts/v4/contacts/{contactId}/labels`: every key must name an existing label (400 otherwise). */
function labelContact(ctx: ApiContext) {
  const contact = contactOf(ctx);
  const keys = labelKeysOf(ctx, false);
  const { labels } = domainsOf(ctx.site);
  const unknown = keys.filter((k) => !labels.has(k));
  // UNCONFIRMED: how Wix answers an unknown label key; a validation error naming it is the sandbox's choice.
  if (unknown.length) throw invalidField('labelKeys', `unknown label keys: ${unknown.join(', ')}`);
  return setLabels(ctx, contact, [...new Set([...currentKeys(contact), ...keys])]);
}

/** `DELETE /contacts/v4/contacts/{contactId}/labels`: removes the keys; a key the contact lacks is ignored. */
function unlabelContact(ctx: ApiContext) {
  const contact = contactOf(ctx);
  const remove = new Set(labelKeysOf(ctx, true));
  return setLabels(
    ctx,
    contact,
    currentKeys(contact).filter((k) => !remove.has(k)),
  );
}

/** Contact Labels and labelling contacts (Contacts v4). */
export const contactLabelRoutes: ApiRoute[] = [
  { method: 'POST', path: '/contacts/v4/labels/query', handler: queryLabels },
  { method: 'POST', path: '/contacts/v4/labels', handler: findOrCreateLabel },
  { method: 'POST', path: '/contacts/v4/contacts/:contactId/labels', handler: labelContact },
  { method: 'DELETE', path: '/contacts/v4/contacts/:contactId/labels', handler: unlabelContact },
];
