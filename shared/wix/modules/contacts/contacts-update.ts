import { defineModule, type ModuleContext } from '../action-module.ts';
import { isConflict, seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';
import {
  type ContactInfoInput,
  contactInfo,
  contactInfoFields,
  DUPLICATE_CONTACT_EXISTS,
  setsContactInfo,
} from './contact-fields.ts';

interface Contact {
  revision?: number;
  info?: Record<string, unknown>;
}

/**
 * Update a Contact: reads the contact's current `revision` (`GET /contacts/v4/contacts/{id}`), then
 * `PATCH /contacts/v4/contacts/{id}` with it; on a 409 (changed meanwhile) reads it again and retries once. A 409
 * `DUPLICATE_CONTACT_EXISTS` (the new email or phone is another contact's) is not a stale revision: it fails at once.
 */
export const contactsUpdate = defineModule({
  name: 'contacts.update',
  makeModule: 'Update a Contact',
  idempotent: true,
  description: `Updates a contact’s fields (Contacts v4); the revision Wix requires is handled for you. An email (or, with no email, a phone) another contact has fails with Wix's 409 ${DUPLICATE_CONTACT_EXISTS}, not retried.`,
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
      if (!isConflict(error) || error.code === DUPLICATE_CONTACT_EXISTS) throw error;
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
