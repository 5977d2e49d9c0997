import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import { InputError, routesOf, runModule, siteOn, wixError } from './harness.ts';

type Contact = {
  id: string;
  revision: number;
  info: Record<string, unknown>;
  primaryInfo: Record<string, unknown>;
};

describe('contacts modules against the sandbox', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('contacts.create posts {info, allowDuplicates} built from the named fields and returns {contact}', async () => {
    const site = siteOn(sandbox);

    const out = (await site.run('contacts.create', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      company: 'Analytical',
      labelKeys: ['custom.vip'],
    })) as { contact: Contact };

    const [call] = site.calls();
    expect(call).toMatchObject({ method: 'POST', path: '/contacts/v4/contacts', status: 200 });
    expect(call?.body).toEqual({
      info: {
        name: { first: 'Ada', last: 'Lovelace' },
        emails: { items: [{ tag: 'MAIN', email: 'ada@example.com' }] },
        phones: { items: [{ tag: 'MAIN', phone: '+44 20 7946 0000' }] },
        company: 'Analytical',
        labelKeys: { items: ['custom.vip'] },
      },
      allowDuplicates: false,
    });
    expect(out.contact.primaryInfo).toEqual({ email: 'ada@example.com', phone: '+44 20 7946 0000' });
  });

  it('contacts.create fails with Wix’s 409 DUPLICATE_CONTACT_EXISTS, not retryable, carrying the duplicate id', async () => {
    const site = siteOn(sandbox);
    await site.run('contacts.create', { email: 'twice@example.com' });

    const error = await wixError(site.run('contacts.create', { email: 'twice@example.com' }));

    expect(error).toMatchObject({ status: 409, code: 'DUPLICATE_CONTACT_EXISTS', retryable: false });
    expect(error.message).toContain('Duplicate contact already exists (DUPLICATE_CONTACT_EXISTS)');
    expect(JSON.stringify(error.details)).toContain('duplicateContactId');
  });

  it('contacts.update fails at once on 409 DUPLICATE_CONTACT_EXISTS: a taken email is no stale revision', async () => {
    // Prepare
    const site = siteOn(sandbox);
    await site.run('contacts.create', { email: 'taken@example.com' });
    const { contact } = (await site.run('contacts.create', { email: 'mine@example.com' })) as {
      contact: Contact;
    };

    // Act
    const error = await wixError(
      site.run('contacts.update', { contactId: contact.id, email: 'taken@example.com' }),
    );

    // Assess
    expect(error).toMatchObject({ status: 409, code: 'DUPLICATE_CONTACT_EXISTS', retryable: false });
    expect(site.calls().filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('contacts.get returns the Wix body, usable by a later step', async () => {
    const site = siteOn(sandbox);
    const created = (await site.run('contacts.create', { firstName: 'Grace' })) as { contact: Contact };

    const out = (await site.run('contacts.get', { contactId: created.contact.id })) as { contact: Contact };

    expect(out.contact.id).toBe(created.contact.id);
    expect(routesOf(site.calls()).at(-1)).toBe(`GET /contacts/v4/contacts/${created.contact.id}`);
  });

  it('contacts.update reads the revision, then PATCHes it with the merged name and the new primary email', async () => {
    const site = siteOn(sandbox);
    const { contact } = (await site.run('contacts.create', {
      firstName: 'Alan',
      lastName: 'Turing',
      email: 'alan@example.com',
    })) as { contact: Contact };

    const out = (await site.run('contacts.update', {
      contactId: contact.id,
      firstName: 'Alan M.',
      email: 'turing@example.com',
    })) as { contact: Contact };

    const [, get, patch] = site.calls();
    expect(get).toMatchObject({ method: 'GET', path: `/contacts/v4/contacts/${contact.id}` });
    expect(patch).toMatchObject({
      method: 'PATCH',
      path: `/contacts/v4/contacts/${contact.id}`,
      status: 200,
    });
    expect(patch?.body).toMatchObject({
      revision: contact.revision,
      info: {
        name: { first: 'Alan M.', last: 'Turing' },
        emails: { items: [{ email: 'turing@example.com' }] },
      },
    });
    expect(out.contact.revision).toBe(contact.revision + 1);
    expect(out.contact.primaryInfo).toMatchObject({ email: 'turing@example.com' });
  });

  it('contacts.update retries once with the fresh revision when the contact changed in between (409)', async () => {
    const site = siteOn(sandbox);
    const { contact } = (await site.run('contacts.create', { firstName: 'Kat' })) as { contact: Contact };
    let raced = false;
    // Someone else edits the contact between our read and our write, once.
    const racing: WixApi = {
      async request<T>(request: WixRequest) {
        if (request.method === 'PATCH' && !raced) {
          raced = true;
          const { body } = await site.ctx.wix.request<{ contact: Contact }>({
            method: 'GET',
            path: request.path,
          });
          await site.ctx.wix.request({
            method: 'PATCH',
            path: request.path,
            body: { revision: body.contact.revision, info: { jobTitle: 'Pilot' } },
          });
        }
        return site.ctx.wix.request<T>(request);
      },
    };

    const out = (await runModule(
      'contacts.update',
      { contactId: contact.id, lastName: 'Johnson' },
      { ...site.ctx, wix: racing },
    )) as { contact: Contact };

    const patches = site.calls().filter((c) => c.method === 'PATCH');
    expect(patches.map((p) => p.status)).toEqual([200, 409, 200]);
    expect(out.contact.info).toMatchObject({ name: { first: 'Kat', last: 'Johnson' }, jobTitle: 'Pilot' });
  });

  it('contacts.list sends sort.fieldName/sort.order/paging.limit and returns {items} up to limit', async () => {
    const site = siteOn(sandbox);
    for (const first of ['Cy', 'Al', 'Bo']) await site.run('contacts.create', { firstName: first });

    const out = (await site.run('contacts.list', { sort: 'info.name.first', order: 'desc', limit: 2 })) as {
      items: Contact[];
    };

    const call = site.calls().at(-1);
    expect(call).toMatchObject({ method: 'GET', path: '/contacts/v4/contacts' });
    expect(call?.query).toMatchObject({
      'sort.fieldName': 'info.name.first',
      'sort.order': 'DESC',
      'paging.limit': '2',
      'paging.offset': '0',
    });
    expect(out.items).toHaveLength(2);
  });

  it('fails the step before any call, naming the field, when the input is wrong', async () => {
    const site = siteOn(sandbox);

    await expect(site.run('contacts.get', {})).rejects.toThrow('input.contactId: is required');
    await expect(site.run('contacts.list', { sort: 'nickname' })).rejects.toThrow(
      /input\.sort: must be one of/,
    );
    await expect(site.run('contacts.create', { email: 'not-an-email' })).rejects.toThrow(
      'input.email: must be an email address',
    );
    await expect(site.run('contacts.update', { contactId: 'x', contactID: 'y' })).rejects.toThrow(
      /unknown input "contactID"/,
    );
    await expect(site.run('contacts.create', {})).rejects.toBeInstanceOf(InputError);
    expect(site.calls()).toEqual([]);
  });
});
