import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WixSandbox } from '#sandbox/server.ts';
import { at, call, list, sandboxWithToken } from './helpers.ts';

const SEEDED = '8046df3c-7575-4098-a5ab-c91ad8f33c47';

describe('Wix sandbox Contacts v4', () => {
  let sandbox: WixSandbox;
  let auth: string;

  beforeAll(async () => {
    ({ sandbox, auth } = await sandboxWithToken());
  });
  afterAll(() => sandbox.stop());

  it('lists contacts with sort and paging query parameters', async () => {
    // Act
    const result = await call(
      sandbox,
      'GET',
      '/contacts/v4/contacts?sort.fieldName=primaryInfo.email&sort.order=DESC&paging.limit=1&paging.offset=0',
      { auth },
    );

    // Assess
    expect(result.status).toBe(200);
    expect(list(result.body, 'contacts').map((c) => at(c, 'primaryInfo.email'))).toEqual([
      'email211@example.com',
    ]);
    expect(result.body.pagingMetadata).toMatchObject({ count: 1, offset: 0, total: 2 });
  });

  it('answers 400 for a list page above 1000', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/contacts/v4/contacts?paging.limit=1001', { auth });

    // Assess
    expect(result.status).toBe(400);
    expect(list(result.body, 'details.validationError.fieldViolations')[0]).toMatchObject({
      field: 'paging.limit',
    });
  });

  it('queries contacts with an object filter on an email', async () => {
    // Act
    const result = await call(sandbox, 'POST', '/contacts/v4/contacts/query', {
      auth,
      body: { query: { filter: { 'info.emails.email': 'email@example.com' } } },
    });

    // Assess
    expect(list(result.body, 'contacts').map((c) => c.id)).toEqual([SEEDED]);
  });

  it('creates a contact, reads it, and refuses a second one with the same email', async () => {
    // Prepare
    const info = {
      name: { first: 'Ada', last: 'Lovelace' },
      emails: { items: [{ tag: 'MAIN', email: 'ada@example.com' }] },
    };

    // Act
    const created = await call(sandbox, 'POST', '/contacts/v4/contacts', { auth, body: { info } });
    const id = String(at(created.body, 'contact.id'));
    const fetched = await call(sandbox, 'GET', `/contacts/v4/contacts/${id}`, { auth });
    const duplicate = await call(sandbox, 'POST', '/contacts/v4/contacts', { auth, body: { info } });
    const allowed = await call(sandbox, 'POST', '/contacts/v4/contacts', {
      auth,
      body: { info, allowDuplicates: true },
    });

    // Assess
    expect(created.body.contact).toMatchObject({
      revision: 1,
      primaryInfo: { email: 'ada@example.com' },
      info: { name: { first: 'Ada' }, emails: { items: [{ email: 'ada@example.com', primary: true }] } },
      source: { sourceType: 'WIX_APP', appId: sandbox.appId },
    });
    expect(at(fetched.body, 'contact.id')).toBe(id);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({
      message: 'Duplicate contact already exists',
      details: {
        applicationError: {
          code: 'DUPLICATE_CONTACT_EXISTS',
          data: { duplicateContactId: id, duplicateEmail: 'ada@example.com' },
        },
      },
    });
    expect(allowed.status).toBe(200);
  });

  it('updates a contact at its revision and answers 409 for a stale revision', async () => {
    // Act
    const updated = await call(sandbox, 'PATCH', `/contacts/v4/contacts/${SEEDED}`, {
      auth,
      body: { revision: 1, info: { name: { first: 'Some', last: 'Changed' } } },
    });
    const stale = await call(sandbox, 'PATCH', `/contacts/v4/contacts/${SEEDED}`, {
      auth,
      body: { revision: 1, info: { jobTitle: 'x' } },
    });

    // Assess
    expect(updated.body.contact).toMatchObject({ revision: 2, info: { name: { last: 'Changed' } } });
    expect(stale.status).toBe(409);
  });

  it('refuses an update to another contact’s email, and a phone-only duplicate, with 409 DUPLICATE_CONTACT_EXISTS', async () => {
    // Prepare
    const make = (info: object) => call(sandbox, 'POST', '/contacts/v4/contacts', { auth, body: { info } });
    const first = await make({ emails: { items: [{ email: 'first@example.com' }] } });
    const second = await make({ phones: { items: [{ phone: '+1 555 0100' }] } });
    const secondId = String(at(second.body, 'contact.id'));

    // Act
    const update = await call(sandbox, 'PATCH', `/contacts/v4/contacts/${secondId}`, {
      auth,
      body: { revision: 1, info: { emails: { items: [{ email: 'FIRST@example.com' }] } } },
    });
    const phoneTwin = await make({ phones: { items: [{ phone: '+15550100' }] } });
    const allowed = await call(sandbox, 'PATCH', `/contacts/v4/contacts/${secondId}`, {
      auth,
      body: {
        revision: 1,
        allowDuplicates: true,
        info: { emails: { items: [{ email: 'first@example.com' }] } },
      },
    });

    // Assess
    expect(update.status).toBe(409);
    expect(update.body).toMatchObject({
      details: {
        applicationError: {
          code: 'DUPLICATE_CONTACT_EXISTS',
          data: { duplicateContactId: at(first.body, 'contact.id'), duplicateEmail: 'first@example.com' },
        },
      },
    });
    expect(phoneTwin.status).toBe(409);
    expect(phoneTwin.body).toMatchObject({
      details: {
        applicationError: { code: 'DUPLICATE_CONTACT_EXISTS', data: { duplicateContactId: secondId } },
      },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 404 for an unknown contact', async () => {
    // Act
    const result = await call(sandbox, 'GET', '/contacts/v4/contacts/00000000-0000-4000-8000-000000000000', {
      auth,
    });

    // Assess
    expect(result.status).toBe(404);
  });
});
