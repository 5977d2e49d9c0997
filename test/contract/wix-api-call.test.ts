import * as contacts from '@wix/auto_sdk_crm_contacts';
import * as orders from '@wix/auto_sdk_ecom_orders';
import { describe, expect, it } from 'vitest';
import { wixApiCall } from '#shared/wix/modules/http/wix-api-call.ts';
import { contractOf, sdkRequests, type WireRequest, wixflowRequests } from '../support/wix-oracle.ts';

/** What Wix reads besides the contract: the auth headers and the body's media type. */
const headersOf = ({ headers }: WireRequest) => ({
  authorization: headers.authorization,
  'wix-site-id': headers['wix-site-id'],
  'content-type': headers['content-type']?.split(';')[0],
});

describe('wix.apiCall against Wix’s SDK', () => {
  it('a POST with a JSON body goes out as searchOrders sends it, with the same auth headers', async () => {
    // Prepare
    const search = {
      filter: { paymentStatus: 'PAID' },
      sort: [{ fieldName: 'createdDate', order: 'ASC' }],
      cursorPaging: { limit: 50 },
    };
    // Act
    const ours = await wixflowRequests(wixApiCall, {
      url: '/ecom/v1/orders/search',
      method: 'POST',
      body: { search },
    });
    const wix = await sdkRequests({ orders }, (c) => c.orders.searchOrders(search));
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
    expect(ours.map(headersOf)).toEqual(wix.map(headersOf));
  });

  it('a GET with dotted and repeated query parameters goes out as listContacts sends it', async () => {
    // Act: the path without its leading slash, and a list, which repeats the parameter.
    const ours = await wixflowRequests(wixApiCall, {
      url: 'contacts/v4/contacts',
      query: {
        'paging.limit': 10,
        'paging.offset': 20,
        'sort.fieldName': 'createdDate',
        'sort.order': 'DESC',
        fieldsets: ['BASIC', 'EXTENDED'],
      },
    });
    const wix = await sdkRequests({ contacts }, (c) =>
      c.contacts.listContacts({
        paging: { limit: 10, offset: 20 },
        sort: { fieldName: 'createdDate', order: 'DESC' },
        fieldsets: ['BASIC', 'EXTENDED'],
      }),
    );
    // Assess
    expect(ours.map(contractOf)).toEqual(wix.map(contractOf));
    expect(ours.map(headersOf)).toEqual(wix.map(headersOf));
  });
});
