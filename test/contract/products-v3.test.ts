import type {
  RequestedFieldsWithLiterals,
  SingleEntityOpsRequestedFieldsWithLiterals,
  V3ProductQuerySpec,
  V3ProductSearchSpec,
} from '@wix/auto_sdk_stores_products-v-3';
import * as productsV3 from '@wix/auto_sdk_stores_products-v-3';
import { describe, expect, it } from 'vitest';
import { productsCreate } from '#shared/wix/modules/products/products-create.ts';
import { productsDelete } from '#shared/wix/modules/products/products-delete.ts';
import { productsGet } from '#shared/wix/modules/products/products-get.ts';
import { productsSearch } from '#shared/wix/modules/products/products-search.ts';
import { productsUpdate } from '#shared/wix/modules/products/products-update.ts';
import { V3_LISTED_PRODUCT_FIELDS, V3_PRODUCT_FIELDS } from '#shared/wix/modules/products/v3-product.ts';
import type { V3_QUERY_SPEC, V3_SEARCH_SPEC } from '#shared/wix/modules/products/v3-product-queries.ts';
import {
  asPost,
  contractOf,
  sdkRequests,
  type WireRequest,
  withoutPathEchoes,
  wixflowRequests,
} from '../support/wix-oracle.ts';

// --- Compile-time checks: our copies of the SDK's specs and enums are the SDK's (`tsc` fails otherwise). ---

/** The SDK's field names in REST spelling: `_id` → `id`, `options._id` → `options.id`. */
type RestName<S extends string> = S extends `${infer A}._${infer B}`
  ? RestName<`${A}.${B}`>
  : S extends `_${infer B}`
    ? B
    : S;
/** Each `field|operator|sort` a spec declares, as one union, so two specs compare whatever their order. */
type Declared<G> = G extends {
  fields: readonly (infer F extends string)[];
  operators: infer O;
  sort: infer S extends string;
}
  ? `${RestName<F>}|${O extends readonly (infer Op extends string)[] ? Op : '*'}|${S}`
  : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const queryMatchesSdk: Same<
  Declared<V3ProductQuerySpec['wql'][number]>,
  Declared<(typeof V3_QUERY_SPEC)[number]>
> = true;
const searchMatchesSdk: Same<
  Declared<V3ProductSearchSpec['wql'][number]>,
  Declared<(typeof V3_SEARCH_SPEC)[number]>
> = true;
const singleFieldsAreSdkValues: readonly SingleEntityOpsRequestedFieldsWithLiterals[] = V3_PRODUCT_FIELDS;
const listedFieldsAreSdkValues: readonly RequestedFieldsWithLiterals[] = V3_LISTED_PRODUCT_FIELDS;

const PRODUCT_ID = '3c3a2b4d-7a4e-4f1b-9c9e-0d6f8b2a1c11';
const VARIANT_ID = '00000000-0000-0000-0000-000000000000';
const OPTIONS = [
  {
    id: 'opt-size',
    name: 'Size',
    optionRenderType: 'TEXT_CHOICES',
    choicesSettings: { choices: [{ choiceId: 'c-s', choiceType: 'CHOICE_TEXT', name: 'S' }] },
  },
];
const VARIANT = {
  id: VARIANT_ID,
  visible: true,
  sku: 'MUG-S',
  choices: [{ optionChoiceIds: { optionId: 'opt-size', choiceId: 'c-s' } }],
  price: { actualPrice: { amount: '8' } },
  physicalProperties: {},
};
/** What Get Product answers for the product wixflow updates. */
const CURRENT = {
  product: {
    id: PRODUCT_ID,
    revision: '4',
    name: 'Mug',
    options: OPTIONS,
    variantsInfo: { variants: [VARIANT] },
  },
};

const onV3 = (module: Parameters<typeof wixflowRequests>[0], input: unknown) =>
  wixflowRequests(module, input, {
    catalog: 'V3_CATALOG',
    respond: (r) => (r.method === 'GET' ? CURRENT : {}),
  });
const wire = (requests: WireRequest[]) => requests.map((r) => contractOf(withoutPathEchoes(asPost(r))));

describe('Catalog V3 products modules against Wix’s SDK (@wix/auto_sdk_stores_products-v-3)', () => {
  it('keeps the SDK’s Query / Search specs and requested-field values (checked by tsc)', () => {
    expect([queryMatchesSdk, searchMatchesSdk]).toEqual([true, true]);
    expect(singleFieldsAreSdkValues).toEqual(V3_PRODUCT_FIELDS);
    expect(listedFieldsAreSdkValues).toEqual(V3_LISTED_PRODUCT_FIELDS);
  });

  it('products.create sends what createProduct sends, asking for the same fields', async () => {
    // Prepare
    const input = {
      name: 'T-shirt',
      price: 10.5,
      sku: 'TS-1',
      description: 'A tee',
      weight: 0.2,
      visible: false,
      productOptions: [{ name: 'Size', choices: ['S', 'L'] }],
    };
    const variant = (size: string) => ({
      choices: [{ optionChoiceNames: { optionName: 'Size', choiceName: size, renderType: 'TEXT_CHOICES' } }],
      price: { actualPrice: { amount: '10.5' } },
      sku: 'TS-1',
      physicalProperties: { weight: 0.2 },
    });

    // Act
    const ours = await onV3(productsCreate, input);
    const wix = await sdkRequests({ productsV3 }, (c) =>
      c.productsV3.createProduct(
        {
          name: 'T-shirt',
          productType: 'PHYSICAL',
          physicalProperties: {},
          variantsInfo: { variants: [variant('S'), variant('L')] },
          plainDescription: 'A tee',
          visible: false,
          options: [
            {
              name: 'Size',
              optionRenderType: 'TEXT_CHOICES',
              choicesSettings: {
                choices: [
                  { choiceType: 'CHOICE_TEXT', name: 'S' },
                  { choiceType: 'CHOICE_TEXT', name: 'L' },
                ],
              },
            },
          ],
        },
        { fields: [...V3_PRODUCT_FIELDS] },
      ),
    );

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.get sends what getProduct sends with the fields its output promises', async () => {
    // Act
    const ours = await onV3(productsGet, { productId: PRODUCT_ID });
    const wix = await sdkRequests({ productsV3 }, (c) =>
      c.productsV3.getProduct(PRODUCT_ID, { fields: [...V3_PRODUCT_FIELDS] }),
    );

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });

  it('products.update reads as getProduct does, then sends what updateProduct sends: options with the variants', async () => {
    // Act
    const ours = await onV3(productsUpdate, { productId: PRODUCT_ID, price: 12, name: 'Big Mug' });
    const wixGet = await sdkRequests({ productsV3 }, (c) => c.productsV3.getProduct(PRODUCT_ID));
    const wixPatch = await sdkRequests({ productsV3 }, (c) =>
      c.productsV3.updateProduct(
        PRODUCT_ID,
        {
          revision: '4',
          name: 'Big Mug',
          // Wix: variants and options must be sent together (VARIANTS_ARE_NOT_ALIGNED_WITH_PRODUCT otherwise).
          options: OPTIONS,
          variantsInfo: { variants: [{ ...VARIANT, price: { actualPrice: { amount: '12' } } }] },
        },
        { fields: [...V3_PRODUCT_FIELDS] },
      ),
    );

    // Assess
    expect(wire(ours)).toEqual(wire([...wixGet, ...wixPatch]));
  });

  it('products.search with a name filter and sort sends what searchProducts sends', async () => {
    // Act
    const ours = await onV3(productsSearch, {
      filter: { name: { $startsWith: 'Sum' }, 'actualPriceRange.minValue.amount': { $lt: 20 } },
      sort: 'name',
      order: 'desc',
      limit: 30,
    });
    const wix = await sdkRequests({ productsV3 }, (c) =>
      c.productsV3.searchProducts(
        {
          filter: { name: { $startsWith: 'Sum' }, 'actualPriceRange.minValue.amount': { $lt: 20 } },
          sort: [{ fieldName: 'name', order: 'DESC' }],
          cursorPaging: { limit: 30 },
        },
        { fields: [...V3_LISTED_PRODUCT_FIELDS] },
      ),
    );

    // Assess: the SDK sends the search as GET ?.r=<body>; wixflow POSTs the same body (asPost decodes it).
    expect(wire(ours)).toEqual(wire(wix));
    expect(ours[0]).toMatchObject({ method: 'POST', path: '/stores/v3/products/search' });
  });

  it('products.search with a filter Query Products declares sends what queryProducts sends', async () => {
    // Act
    const ours = await onV3(productsSearch, { filter: { visible: true }, sort: 'createdDate', limit: 100 });
    const wix = await sdkRequests({ productsV3 }, (c) =>
      c.productsV3
        .queryProducts({ fields: [...V3_LISTED_PRODUCT_FIELDS] })
        .eq('visible', true)
        .ascending('_createdDate')
        .limit(100)
        .find(),
    );

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
    expect(ours[0]).toMatchObject({ method: 'POST', path: '/stores/v3/products/query' });
  });

  it('products.delete sends what deleteProduct sends', async () => {
    // Act
    const ours = await onV3(productsDelete, { productId: PRODUCT_ID });
    const wix = await sdkRequests({ productsV3 }, (c) => c.productsV3.deleteProduct(PRODUCT_ID));

    // Assess
    expect(wire(ours)).toEqual(wire(wix));
  });
});
