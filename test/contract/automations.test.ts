import * as automationsV2 from '@wix/auto_sdk_automations_automations-service-v-2';
import * as triggerCatalog from '@wix/auto_sdk_automations_trigger-catalog';
import { describe, expect, it } from 'vitest';
import {
  AutomationsApi,
  resolveSiteTriggers,
  type WixAutomation,
} from '#shared/automations/automations-api.ts';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import { contractOf, recordFetch, sdkRequests, withoutPathEchoes } from '../support/wix-oracle.ts';

const ID = '9b1e2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const ACTION = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const SPEC = {
  name: 'wixflow|abcd1234|my-site|13d21c63-b5ec-5912-8397-c3a5ddb27a97|wix_bookings-booking_canceled',
  trigger: { appId: '13d21c63-b5ec-5912-8397-c3a5ddb27a97', triggerKey: 'wix_bookings-booking_canceled' },
  url: 'https://example.com/webhooks/automations/TOKEN',
  actionId: ACTION,
};
/** The same automation as the SDK spells it (`_id` for `id`). */
const sdkAutomation = (extra: Record<string, unknown> = {}) => ({
  name: SPEC.name,
  origin: 'USER',
  settings: { hidden: true, readonly: false },
  configuration: {
    status: 'ACTIVE',
    trigger: { ...SPEC.trigger, filters: [] },
    rootActionIds: [ACTION],
    actions: {
      [ACTION]: {
        _id: ACTION,
        type: 'APP_DEFINED',
        namespace: 'webhooks-action-1',
        appDefinedInfo: {
          appId: '139ef4fa-c108-8f9a-c7be-d5f492a2c939',
          actionKey: 'webhooks-action',
          inputMapping: { url: SPEC.url, method: 'POST', hasCustomParams: false },
        },
      },
    },
  },
  ...extra,
});

/** What wixflow sends for `act`, through the real Wix client with an API-key connection. */
const ours = (
  act: (api: AutomationsApi, wix: WixHttpClient) => Promise<unknown>,
  respond?: () => unknown,
) => {
  const wix = new WixHttpClient({
    baseUrl: 'https://www.wixapis.com',
    auth: new ApiKeyAuth(async () => 'oracle-api-key', { siteId: 'oracle-site-id' }),
  });
  return recordFetch(() => act(new AutomationsApi(wix), wix).catch(() => undefined), respond);
};
/**
 * The SDK reaches Automations V2 at `/v2/automations` on www.wixapis.com; Wix's REST reference and its own n8n
 * node (a working client) use `/automations-service/v2/automations`, which wixflow sends
 * (docs/decisions/013). The contract is everything else: method, rest of the path, query and body.
 */
const SDK_PREFIX = '/v2/automations';
const contract = (requests: Awaited<ReturnType<typeof ours>>) =>
  requests
    .map(withoutPathEchoes)
    .map(contractOf)
    .map((r) => ({ ...r, path: r.path.replace(/^\/automations-service\/v2\/automations/, SDK_PREFIX) }));

describe('Automations V2 and Trigger Catalog calls against Wix’s SDK', () => {
  it('sends Automations V2 calls under the REST reference’s /automations-service prefix', async () => {
    const wixflow = await ours((api) => api.delete(ID));
    const wix = await sdkRequests({ automationsV2 }, (c) => c.automationsV2.deleteAutomation(ID));

    expect(wixflow.map((r) => r.path)).toEqual([`/automations-service/v2/automations/${ID}`]);
    expect(wix.map((r) => r.path)).toEqual([`/v2/automations/${ID}`]);
  });

  it('creates the hidden automation as createAutomation sends it', async () => {
    const wixflow = await ours(
      (api) => api.create(SPEC),
      () => ({ automation: { id: ID } }),
    );
    const wix = await sdkRequests({ automationsV2 }, (c) =>
      c.automationsV2.createAutomation(sdkAutomation()),
    );

    expect(contract(wixflow)).toEqual(contract(wix));
  });

  it('gets, updates at a revision and deletes as the SDK does', async () => {
    const current: WixAutomation = {
      id: ID,
      revision: '4',
      origin: 'USER',
      settings: { hidden: true, readonly: false },
    };
    const wixflow = [
      ...(await ours(
        (api) => api.get(ID),
        () => ({ automation: { id: ID } }),
      )),
      ...(await ours(
        (api) => api.restore(current, SPEC),
        () => ({ automation: { id: ID } }),
      )),
      ...(await ours((api) => api.delete(ID))),
    ];
    const wix = [
      ...(await sdkRequests({ automationsV2 }, (c) => c.automationsV2.getAutomation(ID))),
      ...(await sdkRequests({ automationsV2 }, (c) =>
        c.automationsV2.updateAutomation(ID, { ...sdkAutomation(), revision: '4' }),
      )),
      ...(await sdkRequests({ automationsV2 }, (c) => c.automationsV2.deleteAutomation(ID))),
    ];

    expect(contract(wixflow)).toEqual(contract(wix));
  });

  it('queries by name prefix with cursor paging as the query builder does', async () => {
    const wixflow = await ours(
      (api) => api.listByNamePrefix('wixflow|abcd1234|my-site|'),
      () => ({ automations: [] }),
    );
    const wix = await sdkRequests({ automationsV2 }, (c) =>
      c.automationsV2.queryAutomations().startsWith('name', 'wixflow|abcd1234|my-site|').limit(100).find(),
    );

    expect(contract(wixflow)).toEqual(contract(wix));
  });

  it('resolves the site’s triggers as resolveTriggers sends it', async () => {
    const wixflow = await ours(
      (_, wix) => resolveSiteTriggers(wix),
      () => ({ results: [] }),
    );
    const wix = await sdkRequests({ triggerCatalog }, (c) =>
      c.triggerCatalog.resolveTriggers({ query: { paging: { limit: 25, offset: 0 } } }),
    );

    expect(contract(wixflow)).toEqual(contract(wix));
  });
});
