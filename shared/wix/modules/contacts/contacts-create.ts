import { defineModule } from '../action-module.ts';
import { boolean, moduleInput } from '../fields.ts';
import {
  type ContactInfoInput,
  contactInfo,
  contactInfoFields,
  DUPLICATE_CONTACT_EXISTS,
  setsContactInfo,
} from './contact-fields.ts';

/** Create a Contact: `POST /contacts/v4/contacts` with `{info, allowDuplicates}`. */
export const contactsCreate = defineModule({
  name: 'contacts.create',
  makeModule: 'Create a Contact',
  description: `Creates a contact (Contacts v4). Wix refuses an email (or, with no email, a phone) another contact has with 409 ${DUPLICATE_CONTACT_EXISTS} unless allowDuplicates; the step fails, not retried.`,
  input: moduleInput({
    ...contactInfoFields,
    allowDuplicates: boolean(
      'create it even if a contact with the same email exists (default false)',
    ).optional(),
  }).refine((input) => setsContactInfo(input as ContactInfoInput), {
    message: 'give at least one contact field (firstName, lastName, email, phone… or info)',
    path: ['email'],
  }),
  output: '{ contact } — the new Contacts v4 contact (with its id and revision).',
  async run(input, { wix }) {
    const { body } = await wix.request({
      method: 'POST',
      path: '/contacts/v4/contacts',
      body: { info: contactInfo(input), allowDuplicates: input.allowDuplicates ?? false },
    });
    return body;
  },
});
