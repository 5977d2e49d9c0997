import {
  choiceOf,
  discountedPrice,
  mediaUrls,
  type ProductInput,
  type ProductOptionInput,
} from './product-fields.ts';

type Json = Record<string, unknown>;

/**
 * The parts of a V3 product Wix returns only when a request asks for them in `fields`, asked for by every module
 * whose output is a product: what the inputs set (plain description, media; price amounts come formatted with
 * `CURRENCY`), the product's categories (what V1's collectionIds are on V3) and its variants' choice names.
 */
export const V3_PRODUCT_FIELDS = [
  'PLAIN_DESCRIPTION',
  'MEDIA_ITEMS_INFO',
  'CURRENCY',
  'DIRECT_CATEGORIES_INFO',
  'VARIANT_OPTION_CHOICE_NAMES',
] as const;

/** The same for Query / Search Products, which return no variants. */
export const V3_LISTED_PRODUCT_FIELDS = V3_PRODUCT_FIELDS.filter((f) => f !== 'VARIANT_OPTION_CHOICE_NAMES');

/** What a module's output documents of a V3 product's requested parts. */
export const V3_PRODUCT_EXTRAS = 'plainDescription, media.itemsInfo, currency and directCategoriesInfo';
const amount = (n: number) => ({ amount: String(n) });

/** V3 renders a V1 color option as swatches, anything else as text choices. */
const renderType = (option: ProductOptionInput) =>
  option.optionType === 'color' ? 'SWATCH_CHOICES' : 'TEXT_CHOICES';

/** V3 variant prices for a V1-style price and discount: what buyers pay, and the price it was before. */
export function v3Price(price: number, discount: ProductInput['discount']): Json {
  const actual = discountedPrice(price, discount);
  return actual === price
    ? { actualPrice: amount(price) }
    : { actualPrice: amount(actual), compareAtPrice: amount(price) };
}

/**
 * The Catalog V3 `product` of Create Product (docs/wix-behaviour.md#stores-catalog-v3) from the same inputs as V1: price, discount,
 * sku and weight go on every variant; each combination of option choices is a variant (V3 has no
 * "manage variants" switch); media is given inline.
 */
export function v3NewProduct(input: ProductInput & { name: string; price: number }): Json {
  const options = input.productOptions ?? [];
  let combos: { optionChoiceNames: Json }[][] = [[]];
  for (const option of options)
    combos = combos.flatMap((combo) =>
      option.choices.map((c) => [
        ...combo,
        {
          optionChoiceNames: {
            optionName: option.name,
            choiceName: choiceOf(c).description,
            renderType: renderType(option),
          },
        },
      ]),
    );
  const product: Json = {
    name: input.name,
    productType: 'PHYSICAL',
    physicalProperties: {},
    variantsInfo: {
      variants: combos.map((choices) => ({
        choices,
        price: v3Price(input.price, input.discount),
        ...(input.sku === undefined ? {} : { sku: input.sku }),
        ...(input.weight === undefined ? {} : { physicalProperties: { weight: input.weight } }),
      })),
    },
  };
  if (input.description !== undefined) product.plainDescription = input.description;
  if (input.visible !== undefined) product.visible = input.visible;
  if (options.length > 0)
    product.options = options.map((option) => ({
      name: option.name,
      optionRenderType: renderType(option),
      choicesSettings: {
        choices: option.choices.map((c) => {
          const { value, description } = choiceOf(c);
          return option.optionType === 'color'
            ? { choiceType: 'ONE_COLOR', name: description, colorCode: value }
            : { choiceType: 'CHOICE_TEXT', name: description };
        }),
      },
    }));
  if (input.media !== undefined && input.media.length > 0)
    product.media = { itemsInfo: { items: mediaUrls(input.media) } };
  return product;
}

/**
 * A V3 Update Product body for the fields given, on top of the current product: variants are sent whole
 * (Wix overwrites arrays wholesale) with the new price / sku / weight applied to each, and with the product's
 * current `options`: Wix refuses variants sent without their options (`VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT`).
 */
export function v3ProductChanges(input: ProductInput, current: Json): Json {
  const changes: Json = { revision: current.revision };
  if (current.id !== undefined) changes.id = current.id;
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.plainDescription = input.description;
  if (input.visible !== undefined) changes.visible = input.visible;
  if (
    input.price !== undefined ||
    input.discount !== undefined ||
    input.sku !== undefined ||
    input.weight !== undefined
  ) {
    const variants = ((current.variantsInfo as Json | undefined)?.variants ?? []) as Json[];
    changes.options = current.options ?? [];
    changes.variantsInfo = {
      variants: variants.map((variant) => {
        const next: Json = { ...variant };
        if (input.price !== undefined || input.discount !== undefined) {
          const currentPrice = variant.price as
            | { compareAtPrice?: { amount?: string }; actualPrice?: { amount?: string } }
            | undefined;
          const base =
            input.price ??
            Number(currentPrice?.compareAtPrice?.amount ?? currentPrice?.actualPrice?.amount ?? 0);
          next.price = v3Price(base, input.discount);
        }
        if (input.sku !== undefined) next.sku = input.sku;
        if (input.weight !== undefined)
          next.physicalProperties = {
            ...((variant.physicalProperties as Json | undefined) ?? {}),
            weight: input.weight,
          };
        return next;
      }),
    };
  }
  return changes;
}
