import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { defineModule, type ModuleContext } from '../action-module.ts';
import { byCatalog } from '../catalog-version.ts';
import { seg } from '../failures.ts';
import { moduleInput } from '../fields.ts';
import { mediaUrls, productCreateFields } from './product-fields.ts';
import { v1Product } from './v1-product.ts';
import { V3_PRODUCT_EXTRAS, V3_PRODUCT_FIELDS, v3NewProduct } from './v3-product.ts';

type CreateInput = Parameters<typeof v3NewProduct>[0];

/**
 * Make's "Create a Product". Catalog V1: `POST /stores/v1/products`, then for media
 * `POST /stores/v1/products/{id}/media` and `GET /stores/v1/products/{id}` (V1 cannot take media on create);
 * if adding the media fails, the new product is deleted again so a retried step cannot make a duplicate.
 * Catalog V3: one `POST /stores/v3/products` with the same inputs mapped to the V3 shape (asking for V3_PRODUCT_FIELDS).
 */
export const productsCreate = defineModule({
  name: 'products.create',
  makeModule: 'Create a Product',
  description:
    'Creates a physical product (Catalog V1, or V3 on V3 sites) with options, variants and images.',
  input: moduleInput(productCreateFields),
  output: `{ product } — the new V1 product (with its media), or the new V3 product on V3 sites with its ${V3_PRODUCT_EXTRAS}.`,
  async run(input, ctx) {
    return byCatalog(ctx, {
      V1_CATALOG: () => createV1(input, ctx),
      V3_CATALOG: async () =>
        (
          await ctx.wix.request({
            method: 'POST',
            path: '/stores/v3/products',
            body: { product: v3NewProduct(input), fields: V3_PRODUCT_FIELDS },
          })
        ).body,
    });
  },
});

async function createV1(input: CreateInput, { wix }: ModuleContext): Promise<unknown> {
  const { body } = await wix.request<{ product?: { id?: string } }>({
    method: 'POST',
    path: '/stores/v1/products',
    body: { product: v1Product(input, true) },
  });
  const productId = body.product?.id;
  if (!input.media?.length || !productId) return body;
  const path = `/stores/v1/products/${seg(productId)}`;
  try {
    await wix.request({
      method: 'POST',
      path: `${path}/media`,
      body: { media: mediaUrls(input.media).map(({ url }) => ({ url })) },
    });
  } catch (error) {
    try {
      await wix.request({ method: 'DELETE', path });
    } catch {
      throw new WixApiError(
        `product ${productId} was created but adding its media failed (${(error as Error).message}) and it could not be deleted again; not retried, to avoid a duplicate`,
        error instanceof WixApiError
          ? { status: error.status, code: error.code, retryable: false }
          : { retryable: false },
      );
    }
    throw error;
  }
  return (await wix.request({ method: 'GET', path })).body;
}
