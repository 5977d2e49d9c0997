import * as z from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import { defineModule } from '../action-module.ts';
import { seg } from '../failures.ts';
import { id, moduleInput } from '../fields.ts';

/** A label key is `<namespace>.<slug>` (`custom.vip-customer`, `contacts.contacted-me`); anything else is a display name. */
const LABEL_KEY = /^[a-z][a-z0-9-]*\.[^\s]+$/;

/** Whether a label the user gave is a key rather than a display name. */
export const isLabelKey = (label: string): boolean => LABEL_KEY.test(label);

const labelList = z
  .array(
    z
      .string({ error: () => 'must be a label name or key (text)' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters'),
    { error: () => 'must be a list of label names or keys' },
  )
  .min(1, 'must list at least one label')
  .max(100, 'takes at most 100 labels')
  .describe('labels, by display name ("VIP customer") or key ("custom.vip-customer")');

const labelsInput = moduleInput({ contactId: id('the contact’s id'), labels: labelList });

/**
 * The keys of the labels given: keys as they are, display names through Find Or Create Label
 * (`POST /contacts/v4/labels`), which answers the existing label or a new one. Throws what the Wix client throws.
 */
export async function findOrCreateLabelKeys(wix: WixApi, labels: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const label of labels) {
    if (isLabelKey(label)) {
      keys.push(label);
      continue;
    }
    const { body } = await wix.request<{ label?: { key?: string } }>({
      method: 'POST',
      path: '/contacts/v4/labels',
      body: { displayName: label },
    });
    if (typeof body.label?.key === 'string') keys.push(body.label.key);
  }
  return [...new Set(keys)];
}

/**
 * The keys of existing labels given by key or display name: names are looked up with Query Labels
 * (`POST /contacts/v4/labels/query`); a name no label has is left out (there is nothing to remove).
 */
export async function existingLabelKeys(wix: WixApi, labels: string[]): Promise<string[]> {
  const keys = labels.filter(isLabelKey);
  const names = labels.filter((l) => !isLabelKey(l));
  if (names.length > 0) {
    const { body } = await wix.request<{ labels?: { key?: string }[] }>({
      method: 'POST',
      path: '/contacts/v4/labels/query',
      body: {
        query: { filter: { displayName: { $in: names } }, paging: { limit: names.length, offset: 0 } },
      },
    });
    for (const label of body.labels ?? []) if (typeof label.key === 'string') keys.push(label.key);
  }
  return [...new Set(keys)];
}

/** Label Contact: finds or creates each label, then `POST /contacts/v4/contacts/{contactId}/labels`. */
export const contactsAddLabels = defineModule({
  name: 'contacts.addLabels',
  makeModule: '(not in Make) Add Labels to a Contact',
  idempotent: true,
  description:
    'Labels a contact; labels given by name are found or created first (Manage Contacts and Contact Labels scopes).',
  input: labelsInput,
  output: '{ contact } — the labelled Contacts v4 contact.',
  async run(input, { wix }) {
    const labelKeys = await findOrCreateLabelKeys(wix, input.labels);
    const { body } = await wix.request({
      method: 'POST',
      path: `/contacts/v4/contacts/${seg(input.contactId)}/labels`,
      body: { contactId: input.contactId, labelKeys },
    });
    return body;
  },
});

/**
 * Unlabel Contact: `DELETE /contacts/v4/contacts/{contactId}/labels` with the keys as `labelKeys` query parameters,
 * as Wix's SDK sends them. Labels given by name are looked up; when none exists the contact is read and returned.
 */
export const contactsRemoveLabels = defineModule({
  name: 'contacts.removeLabels',
  makeModule: '(not in Make) Remove Labels from a Contact',
  idempotent: true,
  description: 'Removes labels (by name or key) from a contact; a label it does not have is no error.',
  input: labelsInput,
  output: '{ contact } — the Contacts v4 contact without those labels.',
  async run(input, { wix }) {
    const path = `/contacts/v4/contacts/${seg(input.contactId)}`;
    const labelKeys = await existingLabelKeys(wix, input.labels);
    if (labelKeys.length === 0) return (await wix.request({ method: 'GET', path })).body;
    const { body } = await wix.request({
      method: 'DELETE',
      path: `${path}/labels`,
      query: { contactId: input.contactId, labelKeys },
    });
    return body;
  },
});
