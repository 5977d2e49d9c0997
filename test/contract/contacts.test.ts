import * as contacts from '@wix/auto_sdk_crm_contacts';
import { describe, expect, it } from 'vitest';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { defineModule } from '#shared/wix/modules/action-module.ts';
import { DUPLICATE_CONTACT_EXISTS } from '#shared/wix/modules/contacts/contact-fields.ts';
import { contactsCreate } from '#shared/wix/modules/contacts/contacts-create.ts';
import { contactsUpdate } from '#shared/wix/modules/contacts/contacts-update.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

// The code wixflow reads is one Wix's SDK declares for both calls (a misspelt one fails `tsc`).
const CREATE_CODE: NonNullable<contacts.CreateContactApplicationErrors['code']> = DUPLICATE_CONTACT_EXISTS;
const UPDATE_CODE: NonNullable<contacts.UpdateContactApplicationErrors['code']> = DUPLICATE_CONTACT_EXISTS;

const CONTACT_ID = 'c0ffee00-0000-4000-8000-000000000001';

/** Wix's answer to an email another contact has: 409 with `DuplicateContactExists` data. */
const duplicateAnswer = () =>
  new Response(
    JSON.stringify({
      message: 'Duplicate contact already exists',
      details: {
        applicationError: {
          code: DUPLICATE_CONTACT_EXISTS,
          description: 'Duplicate contact already exists',
          data: {
            duplicateContactId: 'c0ffee00-0000-4000-8000-000000000002',
            duplicateEmail: 'ada@example.com',
          },
        },
      },
    }),
    { status: 409, headers: { 'content-type': 'application/json' } },
  );

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

  it('contacts.update PATCHes what updateContact sends, and stops at once on 409 DUPLICATE_CONTACT_EXISTS', async () => {
    // Prepare
    const respond = (request: WireRequest) =>
      request.method === 'GET' ? { contact: { id: CONTACT_ID, revision: 4, info: {} } } : duplicateAnswer();
    let failure: unknown;
    // Act
    const keepingFailure = defineModule({
      ...contactsUpdate,
      run: (input, ctx) =>
        contactsUpdate.run(input, ctx).catch((error: unknown) => {
          failure = error;
        }),
    });
    const ours = await wixflowRequests(
      keepingFailure,
      { contactId: CONTACT_ID, email: 'ada@example.com' },
      { respond },
    );
    const wix = await sdkRequests({ contacts }, (c) =>
      c.contacts.updateContact(
        CONTACT_ID,
        { emails: { items: [{ email: 'ada@example.com', tag: 'MAIN' }] } },
        4,
      ),
    );
    // Assess: the SDK also echoes the path's contactId in the body (its envelope; Wix routes by the path).
    const patches = ours.filter((r) => r.method === 'PATCH').map(contractOf);
    const sdkPatches = wix.map(contractOf).map(({ body, ...rest }) => {
      const { contactId, ...echoed } = body as { contactId: string };
      expect(contactId).toBe(CONTACT_ID);
      return { ...rest, body: echoed };
    });
    expect(patches).toEqual(sdkPatches);
    expect(patches).toHaveLength(1);
    expect(failure).toBeInstanceOf(WixApiError);
    expect(failure).toMatchObject({ status: 409, code: CREATE_CODE, retryable: false });
    expect(UPDATE_CODE).toBe(CREATE_CODE);
  });
});
