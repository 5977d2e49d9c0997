import * as contacts from '@wix/auto_sdk_crm_contacts';
import { describe, expect, it } from 'vitest';
import { contactsCreate } from '#shared/wix/modules/contacts/contacts-create.ts';
import { contractOf, sdkRequests, wixflowRequests } from '../support/wix-oracle.ts';

describe('contacts modules against Wix’s SDK', () => {
  it('contacts.create sends what createContact sends', async () => {
    // Prepare
    const input = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };
    // Act
    const ours = await wixflowRequests(contactsCreate, input);
    const wix = await sdkRequests({ contacts }, (c) =>
      c.contacts.createContact(
        {
          name: { first: 'Ada', last: 'Lovelace' },
          emails: { items: [{ email: 'ada@example.com', tag: 'MAIN' }] },
        },
        { allowDuplicates: false },
      ),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
  });
});
