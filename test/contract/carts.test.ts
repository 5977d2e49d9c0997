import * as cart from '@wix/auto_sdk_ecom_cart';
import { describe, expect, it } from 'vitest';
import { cartsGet } from '#shared/wix/modules/carts/carts-get.ts';
import { contractOf, sdkRequests, withoutPathEchoes, wixflowRequests } from '../support/wix-oracle.ts';

describe('carts modules against Wix’s SDK (@wix/auto_sdk_ecom_cart)', () => {
  it('carts.get sends what getCart sends', async () => {
    // Prepare
    const cartId = '96a61a4b-6b61-47d1-a039-0213a8230ccd';
    // Act
    const ours = await wixflowRequests(cartsGet, { cartId });
    const wix = await sdkRequests({ cart }, (c) => c.cart.getCart(cartId));
    // Assess: the SDK repeats the path's {id} as `?id=`; Wix routes by the path, so that echo is left out.
    expect(ours.map(contractOf)).toEqual(wix.map(withoutPathEchoes).map(contractOf));
  });
});
