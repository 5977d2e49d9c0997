import * as z from 'zod';
import { boolean, number, text } from '../fields.ts';

const choice = z.union(
  [
    z.string().trim().min(1, 'must not be empty'),
    z.strictObject({
      value: text('the choice’s value (a hex color such as #000000 for color options)'),
      description: text('the choice’s label').optional(),
    }),
  ],
  { error: () => 'must be text or {value, description}' },
);

/** The product fields a rule sets, the same on Catalog V1 and V3 sites (V3 gets them mapped, see v3-product.ts). */
export const productFields = {
  description: text('description (HTML allowed on V1 sites, plain text on V3)', 8000).optional(),
  sku: text('stock keeping unit', 40).optional(),
  weight: number('weight (in the store’s unit)', { min: 0 }).optional(),
  discount: z
    .strictObject({
      type: z.enum(['AMOUNT', 'PERCENT'], { error: () => 'must be AMOUNT or PERCENT' }),
      value: number('the discount', { min: 0 }),
    })
    .optional()
    .describe('discount off the price, {type: AMOUNT | PERCENT, value}'),
  visible: boolean('shown in the store (default true)').optional(),
};

export const productCreateFields = {
  name: text('the product’s name', 80),
  price: number('price (the regular price; a discount lowers what buyers pay)', { min: 0 }),
  ...productFields,
  manageVariants: boolean(
    'give each option choice combination its own variant (V1; V3 always does)',
  ).optional(),
  productOptions: z
    .array(
      z.strictObject({
        name: text('option name, e.g. Size'),
        optionType: z
          .enum(['drop_down', 'color'], { error: () => 'must be drop_down or color' })
          .optional()
          .describe('drop_down (default) or color'),
        choices: z
          .array(choice, { error: () => 'must be a list of choices' })
          .min(1, 'must list at least one choice'),
      }),
      { error: () => 'must be a list of {name, optionType?, choices}' },
    )
    .max(6, 'takes at most 6 options')
    .optional()
    .describe('options buyers choose, e.g. [{"name": "Size", "choices": ["S", "L"]}]'),
  media: z
    .array(
      z.union(
        [
          z.url({ protocol: /^https?$/, error: () => 'must be an http(s) image URL' }),
          z.strictObject({
            url: z.url({ error: () => 'must be an image URL' }),
            altText: text('alt text').optional(),
          }),
        ],
        { error: () => 'must be an image URL or {url, altText}' },
      ),
      { error: () => 'must be a list of image URLs' },
    )
    .max(50, 'takes at most 50 media items')
    .optional()
    .describe('image URLs, in order (the first is the main image)'),
};

export type ProductOptionInput = {
  name: string;
  optionType?: 'drop_down' | 'color';
  choices: (string | { value: string; description?: string })[];
};
export type MediaInput = (string | { url: string; altText?: string })[];

export interface ProductInput {
  name?: string;
  price?: number;
  description?: string;
  sku?: string;
  weight?: number;
  discount?: { type: 'AMOUNT' | 'PERCENT'; value: number };
  visible?: boolean;
  manageVariants?: boolean;
  productOptions?: ProductOptionInput[];
  media?: MediaInput;
}

/** A choice as value (hex for colors) and label. */
export const choiceOf = (c: ProductOptionInput['choices'][number]) =>
  typeof c === 'string'
    ? { value: c, description: c }
    : { value: c.value, description: c.description ?? c.value };

export const mediaUrls = (media: MediaInput = []) =>
  media.map((m) => (typeof m === 'string' ? { url: m } : m));

/** The price buyers pay after the discount, rounded to cents. */
export function discountedPrice(price: number, discount: ProductInput['discount']): number {
  if (!discount) return price;
  const after = discount.type === 'AMOUNT' ? price - discount.value : price * (1 - discount.value / 100);
  return Math.round(Math.max(0, after) * 100) / 100;
}
