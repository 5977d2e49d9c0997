import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { routesOf, siteOn, wixError } from './harness.ts';

/** Contacts in Wix's documented List Contacts example, labelled `contacts.contacted-me` and `custom.my-label`. */
const CONTACT_ID = '8046df3c-7575-4098-a5ab-c91ad8f33c47';
type Contact = { contact: { revision: number; info: { labelKeys: { items: string[] } } } };

describe('contact label and task modules on the sandbox', () => {
  let sandbox: WixSandbox;
  beforeAll(async () => {
    sandbox = await startWixSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('contacts.addLabels creates a new label, reuses a known one by name, takes keys as they are and labels the contact', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const out = (await site.run('contacts.addLabels', {
      contactId: CONTACT_ID,
      labels: ['VIP customer', 'My Label', 'contacts.customers'],
    })) as Contact;
    // Assess
    expect(out.contact.info.labelKeys.items).toEqual([
      'contacts.contacted-me',
      'custom.my-label',
      'custom.vip-customer',
      'contacts.customers',
    ]);
    expect(routesOf(site.calls())).toEqual([
      'POST /contacts/v4/labels',
      'POST /contacts/v4/labels',
      `POST /contacts/v4/contacts/${CONTACT_ID}/labels`,
    ]);
    const again = (await site.run('contacts.addLabels', {
      contactId: CONTACT_ID,
      labels: ['VIP customer'],
    })) as Contact;
    expect(again.contact.info.labelKeys.items).toHaveLength(4);
  });

  it('contacts.removeLabels removes by name and key via query parameters; an unknown name is no error', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const out = (await site.run('contacts.removeLabels', {
      contactId: CONTACT_ID,
      labels: ['My Label', 'contacts.contacted-me', 'Never heard of it'],
    })) as Contact;
    // Assess
    expect(out.contact.info.labelKeys.items).toEqual([]);
    const removal = site.calls().at(-1);
    expect(removal?.method).toBe('DELETE');
    expect(removal?.query).toEqual({
      contactId: CONTACT_ID,
      labelKeys: ['contacts.contacted-me', 'custom.my-label'],
    });
  });

  it('contacts.addLabels of a key no label has fails with Wix’s 400, and an unknown contact with 404', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const unknownKey = await wixError(
      site.run('contacts.addLabels', { contactId: CONTACT_ID, labels: ['custom.nope'] }),
    );
    const unknownContact = await wixError(
      site.run('contacts.addLabels', { contactId: 'no-such-contact', labels: ['VIP'] }),
    );
    // Assess
    expect(unknownKey.status).toBe(400);
    expect(unknownContact.status).toBe(404);
  });

  it('tasks.create creates an open task about the contact, filled in with the contact’s name', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const out = (await site.run('tasks.create', {
      title: 'Call back',
      dueDate: '2026-12-24T09:00:00+01:00',
      contactId: CONTACT_ID,
    })) as { task: Record<string, unknown> };
    // Assess
    expect(out.task).toMatchObject({
      title: 'Call back',
      status: 'ACTION_NEEDED',
      dueDate: '2026-12-24T08:00:00.000Z',
      contact: { id: CONTACT_ID, firstName: 'Some', lastName: 'One' },
    });
    expect(site.calls().at(-1)?.body).toEqual({
      task: { title: 'Call back', dueDate: '2026-12-24T08:00:00.000Z', contact: { id: CONTACT_ID } },
    });
  });

  it('tasks.create about an unknown contact fails with 404 and bad input never reaches Wix', async () => {
    // Prepare
    const site = siteOn(sandbox);
    // Act
    const error = await wixError(site.run('tasks.create', { title: 'x', contactId: 'nobody' }));
    const badDate = site.run('tasks.create', { title: 'x', dueDate: 'next tuesday' });
    // Assess
    expect(error.status).toBe(404);
    await expect(badDate).rejects.toThrow('input.dueDate: must be an ISO date');
    expect(site.calls()).toHaveLength(1);
  });
});
