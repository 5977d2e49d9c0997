import type { RecordedRequest, WixSandbox } from '#sandbox/server.ts';
import type { CatalogVersion } from '#sandbox/state.ts';
import { ApiKeyAuth } from '#shared/wix/client/api-key-auth.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { type WixApi, WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import type { ModuleContext } from '#shared/wix/modules/action-module.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import { OutsideHttpError } from '#shared/wix/modules/outside-http.ts';
import { getModule } from '#shared/wix/modules/registry.ts';

/** A fresh sandbox site (its own rate budget and catalog version) and a module context for it. */
export interface TestSite {
  instanceId: string;
  siteId: string;
  ctx: ModuleContext;
  /** The API calls the sandbox recorded for this site, in order. */
  calls(): RecordedRequest[];
  /** Runs a module as a rule step does: input validated first (throws InputError), then run. */
  run(module: string, input: unknown): Promise<unknown>;
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A site on the sandbox with the given catalog, called with the sandbox API key over real HTTP. */
export function siteOn(
  sandbox: WixSandbox,
  catalogVersion: CatalogVersion = 'V1_CATALOG',
  timeoutMs?: number,
): TestSite {
  const { instanceId, siteId } = sandbox.addSite({ catalogVersion });
  const wix: WixApi = new WixHttpClient({
    baseUrl: sandbox.url,
    auth: new ApiKeyAuth(async () => sandbox.apiKey, { siteId }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  const ctx: ModuleContext = {
    wix,
    connection: { id: `conn-${siteId.slice(0, 8)}`, instanceId },
    catalogVersions: new CatalogVersions(),
  };
  return {
    instanceId,
    siteId,
    ctx,
    calls: () => sandbox.requests.filter((r) => r.instanceId === instanceId),
    run: (name, input) => runModule(name, input, ctx),
  };
}

/** Validates the input with the module's schema (as run-rule does) and runs it. */
export async function runModule(name: string, input: unknown, ctx: ModuleContext): Promise<unknown> {
  const module = getModule(name);
  if (!module) throw new Error(`no module ${name}`);
  const parsed = module.input.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i) => `input.${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return module.run(parsed.data, ctx);
}

/** The WixApiError a promise rejects with (fails the test when it resolves or throws something else). */
export const wixError = (promise: Promise<unknown>): Promise<WixApiError> => rejection(promise, WixApiError);

/** The OutsideHttpError a promise rejects with: calls outside Wix never fail as a Wix error. */
export const outsideError = (promise: Promise<unknown>): Promise<OutsideHttpError> =>
  rejection(promise, OutsideHttpError);

/** The error of class `Kind` a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  Kind: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Kind) return error;
    throw error;
  }
  throw new Error(`expected a ${Kind.name}, but the call succeeded`);
}

/** Calls that are not the catalog-version lookup. */
export const withoutVersionLookup = (calls: RecordedRequest[]) =>
  calls.filter((c) => c.path !== '/stores/v3/provision/version');

/** `{method path}` of each call, for compact assertions. */
export const routesOf = (calls: RecordedRequest[]) => calls.map((c) => `${c.method} ${c.path}`);
