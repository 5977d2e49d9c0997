import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** Make's "Get a Contact": `GET /contacts/v4/contacts/{contactId}`. */
export const contactsGet = defineModule({
  name: 'contacts.get',
  makeModule: 'Get a Contact',
  idempotent: true,
  description: 'Gets one contact by id (Contacts v4).',
  input: moduleInput({ contactId: id('the contact’s id') }),
  output: '{ contact } — the Contacts v4 contact, as Wix answers it.',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'GET',
      path: `/contacts/v4/contacts/${seg(input.contactId)}`,
    });
    return body;
  },
});
