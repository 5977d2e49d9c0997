import { boolean, text } from '../fields.ts';

/** The collection fields a rule can set, the same on V1 collections and V3 categories. */
export const collectionFields = {
  description: text('description (plain text)', 600).optional(),
  visible: boolean('shown on the site (default true)').optional(),
  slug: text(
    'URL slug (at most 100 characters on Catalog V1 sites); Wix makes one from the name when omitted',
    300,
  ).optional(),
};

export interface CollectionFieldsInput {
  name?: string;
  description?: string;
  visible?: boolean;
  slug?: string;
}

/** The fields given, as Wix names them (the same names on both catalogs). */
export const collectionBody = (input: CollectionFieldsInput, keys: (keyof CollectionFieldsInput)[]) =>
  Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
