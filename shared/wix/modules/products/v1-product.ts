import { choiceOf, type ProductInput } from './product-fields.ts';

/** The Catalog V1 `product` body of Create / Update Product (docs/wix-behaviour.md#stores-catalog-v1) for the fields given. */
export function v1Product(input: ProductInput, creating: boolean): Record<string, unknown> {
  const product: Record<string, unknown> = {};
  if (input.name !== undefined) product.name = input.name;
  if (creating) product.productType = 'physical';
  if (input.price !== undefined) product.priceData = { price: input.price };
  for (const key of ['description', 'sku', 'visible', 'weight', 'discount', 'manageVariants'] as const)
    if (input[key] !== undefined) product[key] = input[key];
  if (input.productOptions !== undefined)
    product.productOptions = input.productOptions.map((option) => ({
      name: option.name,
      optionType: option.optionType ?? 'drop_down',
      choices: option.choices.map(choiceOf),
    }));
  return product;
}
