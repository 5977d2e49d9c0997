import * as z from 'zod';
import { object, text } from '../fields.ts';

/**
 * Wix's code for an email (or, with no email, a phone) another contact already uses: Create and Update Contact
 * answer it with 409 unless `allowDuplicates` (`@wix/auto_sdk_crm_contacts`; older docs spelt it `_EXIST`).
 */
export const DUPLICATE_CONTACT_EXISTS = 'DUPLICATE_CONTACT_EXISTS';

/** The contact fields a rule sets by name; anything else goes in `info` (docs/wix-behaviour.md#contacts). */
export const contactInfoFields = {
  firstName: text('first name').optional(),
  lastName: text('last name').optional(),
  email: z
    .email({ error: (i) => (i.input === undefined ? 'is required' : 'must be an email address') })
    .optional()
    .describe('primary email address'),
  phone: text('primary phone number').optional(),
  company: text('company name').optional(),
  jobTitle: text('job title').optional(),
  birthdate: z
    .string({ error: () => 'must be a date YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional()
    .describe('birth date, YYYY-MM-DD'),
  labelKeys: z
    .array(text('label key'), { error: () => 'must be a list of label keys' })
    .optional()
    .describe('label keys, e.g. ["custom.vip"] (replace the contact’s labels)'),
  info: object(
    'more Contacts v4 `info` fields as Wix names them (addresses, extendedFields, locale…); the named inputs win',
  ).optional(),
};

type Info = Record<string, unknown>;
type Items = { items?: Record<string, unknown>[] };

export interface ContactInfoInput {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
  birthdate?: string;
  labelKeys?: string[];
  info?: Record<string, unknown>;
}

const hasAny = (input: ContactInfoInput) =>
  Object.entries(input).some(([k, v]) => k in contactInfoFields && v !== undefined);

/** True when the input sets at least one contact field. */
export const setsContactInfo = hasAny;

/**
 * The Contacts v4 `info` to send. With `current` (an update), the name is merged into the current name, and
 * the email / phone replace the current primary one (other emails and phones are kept).
 */
export function contactInfo(input: ContactInfoInput, current?: Info): Info {
  const info: Info = { ...(input.info ?? {}) };
  if (input.firstName !== undefined || input.lastName !== undefined) {
    const currentName = (current?.name ?? {}) as Info;
    info.name = {
      ...currentName,
      ...((info.name ?? {}) as Info),
      ...(input.firstName === undefined ? {} : { first: input.firstName }),
      ...(input.lastName === undefined ? {} : { last: input.lastName }),
    };
  }
  if (input.email !== undefined) info.emails = withPrimary(current?.emails, 'email', input.email);
  if (input.phone !== undefined) info.phones = withPrimary(current?.phones, 'phone', input.phone);
  if (input.company !== undefined) info.company = input.company;
  if (input.jobTitle !== undefined) info.jobTitle = input.jobTitle;
  if (input.birthdate !== undefined) info.birthdate = input.birthdate;
  if (input.labelKeys !== undefined) info.labelKeys = { items: input.labelKeys };
  return info;
}

function withPrimary(current: unknown, key: 'email' | 'phone', value: string): Items {
  const items = ((current as Items | undefined)?.items ?? []).map((item) => ({ ...item }));
  const primary = items.find((item) => item.primary === true) ?? items[0];
  if (primary) {
    primary[key] = value;
    return { items };
  }
  return { items: [{ tag: 'MAIN', [key]: value }] };
}
