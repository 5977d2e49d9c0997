import { applyDomainEvent } from './domain-events.ts';
import type { Entity } from './fixtures.ts';
import { findRoute } from './router.ts';
import { apiRoutes } from './routes/index.ts';
import { type SampleEnvelope, sampleEnvelope } from './samples.ts';
import type { SandboxState } from './state.ts';

const LEGACY_PRODUCT_CREATED = 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
const V3_PRODUCT_CREATED = 'wix.stores.catalog.v3.product_created';

let counter = 0;

/**
 * The webhook Wix would send after the event happened on a sandbox site. Product creations really create the
 * product on the site first (as a merchant would in the dashboard), so rules that act on it find it; the
 * business domains' events store the booking, plan order, member… they carry (sandbox/domain-events.ts); other
 * events carry a fresh sample payload. Throws for an unknown instance or an event type without a sample.
 */
export function emitEnvelope(state: SandboxState, eventType: string, instanceId: string): SampleEnvelope {
  const site = state.siteByInstance(instanceId);
  if (!site) throw new Error(`no sandbox site has the app instance ${instanceId}`);
  const envelope = sampleEnvelope(eventType, { instanceId, appId: state.appId });
  counter += 1;
  if (eventType === LEGACY_PRODUCT_CREATED && site.catalogVersion === 'V1_CATALOG') {
    const product = create(state, instanceId, '/stores/v1/products', {
      product: {
        name: `Sample product ${counter}`,
        productType: 'physical',
        priceData: { price: 25 },
        sku: `SKU-${counter}`,
      },
    });
    const { id, name, priceData, visible, media, sku, productPageUrl } = product;
    envelope.data = { productId: id, name, priceData, visible, media, sku, productPageUrl };
  }
  if (eventType === V3_PRODUCT_CREATED && site.catalogVersion === 'V3_CATALOG') {
    const product = create(state, instanceId, '/stores/v3/products', {
      product: {
        name: `Sample product ${counter}`,
        productType: 'PHYSICAL',
        variantsInfo: { variants: [{ price: { actualPrice: { amount: '25.00' } }, choices: [] }] },
      },
    });
    const inner = envelope.data as Record<string, unknown>;
    inner.entityId = product.id;
    inner.createdEvent = { entity: product };
  }
  applyDomainEvent(site, eventType, envelope.data);
  return envelope;
}

function create(state: SandboxState, instanceId: string, path: string, body: unknown): Entity {
  const site = state.siteByInstance(instanceId);
  const match = findRoute(apiRoutes, 'POST', path);
  if (!site || !match) throw new Error(`the sandbox cannot create at ${path}`);
  const result = match.route.handler({
    site,
    state,
    params: match.params,
    query: new URLSearchParams(),
    body,
    now: state.now(),
  });
  const created = (result.body as { product?: Entity }).product;
  if (!created) throw new Error(`the sandbox created nothing at ${path}`);
  return created;
}
