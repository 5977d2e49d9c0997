import * as contacts from '@wix/auto_sdk_crm_contacts';
import * as labels from '@wix/auto_sdk_crm_labels';
import * as tasks from '@wix/auto_sdk_crm_tasks';
import { describe, expect, it } from 'vitest';
import { contactsAddLabels, contactsRemoveLabels } from '#shared/wix/modules/contacts/contacts-labels.ts';
import { tasksCreate } from '#shared/wix/modules/tasks/tasks-create.ts';
import { contractOf, sdkRequests, wixflowRequests } from '../support/wix-oracle.ts';

const CONTACT_ID = 'c33a1f87-0a4a-4b55-8d6f-1f6f8d0e5a4b';

describe('contact label and task modules against Wix’s SDK', () => {
  it('contacts.addLabels finds or creates each named label as findOrCreateLabel does, then labels as labelContact does', async () => {
    // Prepare
    const input = { contactId: CONTACT_ID, labels: ['VIP customer', 'custom.newsletter'] };
    // Act
    const ours = await wixflowRequests(contactsAddLabels, input, {
      respond: (r) => (r.path === '/contacts/v4/labels' ? { label: { key: 'custom.vip-customer' } } : {}),
    });
    const findOrCreate = await sdkRequests({ labels }, (c) => c.labels.findOrCreateLabel('VIP customer'));
    const label = await sdkRequests({ contacts }, (c) =>
      c.contacts.labelContact(CONTACT_ID, ['custom.vip-customer', 'custom.newsletter']),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual([...findOrCreate, ...label].map(contractOf));
  });

  it('contacts.removeLabels sends the keys as labelKeys query parameters, as unlabelContact does', async () => {
    // Prepare
    const input = { contactId: CONTACT_ID, labels: ['custom.vip-customer', 'custom.newsletter'] };
    // Act
    const ours = await wixflowRequests(contactsRemoveLabels, input);
    const wix = await sdkRequests({ contacts }, (c) =>
      c.contacts.unlabelContact(CONTACT_ID, ['custom.vip-customer', 'custom.newsletter']),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });

  it('tasks.create sends what createTask sends', async () => {
    // Prepare
    const input = {
      title: 'Call back about the canceled booking',
      description: 'Offer another slot',
      dueDate: '2026-12-24T09:00:00Z',
      contactId: CONTACT_ID,
      assigneeId: 'f6eb6c40-7379-481e-8d52-58cfb6dc4c9a',
    };
    // Act
    const ours = await wixflowRequests(tasksCreate, input);
    const wix = await sdkRequests({ tasks }, (c) =>
      c.tasks.createTask({
        title: input.title,
        description: input.description,
        dueDate: new Date(input.dueDate),
        contact: { _id: CONTACT_ID },
        assigneeId: input.assigneeId,
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });
});

describe('label lookups against Wix’s SDK', () => {
  it('contacts.removeLabels looks label names up as queryLabels does', async () => {
    // Act
    const ours = await wixflowRequests(contactsRemoveLabels, {
      contactId: CONTACT_ID,
      labels: ['VIP customer', 'Newsletter'],
    });
    const wix = await sdkRequests({ labels }, (c) =>
      c.labels.queryLabels().in('displayName', ['VIP customer', 'Newsletter']).limit(2).find(),
    );
    // Assess: no label has those names (the canned answer), so nothing is removed and the contact is read
    expect(ours.map(contractOf).slice(0, 1)).toEqual(wix.map(contractOf));
    expect(ours.map((r) => `${r.method} ${r.path}`).slice(1)).toEqual([
      `GET /contacts/v4/contacts/${CONTACT_ID}`,
    ]);
  });
});
