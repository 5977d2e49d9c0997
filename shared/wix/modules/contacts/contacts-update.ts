import { defineModule, type ModuleContext } from '../action-module.ts';
import { isConflict, seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';
import { type ContactInfoInput, contactInfo, contactInfoFields, setsContactInfo } from './contact-fields.ts';

interface Contact {
  revision?: number;
  info?: Record<string, unknown>;
}

/**
 * Update a Contact: reads the contact's current `revision` (`GET /contacts/v4/contacts/{id}`), then
 * `PATCH /contacts/v4/contacts/{id}` with it; on a 409 (changed meanwhile) reads it again and retries once.
 */
export const contactsUpdate = defineModule({
  name: 'contacts.update',
  makeModule: 'Update a Contact',
  idempotent: true,
  description: 'Updates a contact’s fields (Contacts v4); the revision Wix requires is handled for you.',
  input: moduleInput({ contactId: id('the contact’s id'), ...contactInfoFields }).refine(
    (input) => setsContactInfo(input as ContactInfoInput),
    {
      message: 'give at least one field to change (firstName, lastName, email, phone… or info)',
      path: ['email'],
    },
  ),
  output: '{ contact } — the updated Contacts v4 contact.',
  async run(input, ctx) {
    try {
      return await update(input, ctx);
    } catch (error) {
      if (!isConflict(error)) throw error;
      return update(input, ctx);
    }
  },
});

async function update(input: ContactInfoInput & { contactId: string }, { wix }: ModuleContext) {
  const path = `/contacts/v4/contacts/${seg(input.contactId)}`;
  const { body: current } = await wix.request<{ contact?: Contact }>({ method: 'GET', path });
  const { body } = await wix.request({
    method: 'PATCH',
    path,
    body: { revision: current.contact?.revision, info: contactInfo(input, current.contact?.info) },
  });
  return body;
}
