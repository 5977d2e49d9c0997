import type { z } from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { CatalogVersions } from './catalog-version.ts';
import type { OutsideHttp } from './outside-http.ts';

export interface ModuleContext {
  /** The connection's Wix client: auth added, Wix errors thrown as WixApiError. */
  wix: WixApi;
  connection: { id: string; instanceId: string };
  /** The Stores catalog version of each site, asked once per process (a dry run passes the one it assumes). */
  catalogVersions: CatalogVersions;
  /** Calls to URLs outside Wix (`http.request`); defaults to a ky client, swapped by dry runs. */
  http?: OutsideHttp;
  /** The clock of the run (coupon start times); defaults to Date.now. */
  now?: () => number;
  /**
   * The run and step this call belongs to: stable across redeliveries of the same event, so a module can derive
   * an idempotency key Wix honours (`loyalty.earnPoints`). Absent outside a rule run.
   */
  step?: { runId: string; stepId: string };
}

/** One action a rule step can run: a schema for its input and the Wix calls it makes. */
export interface ActionModule<S extends z.ZodType = z.ZodType> {
  /** The rule's `module:` name, e.g. `collections.addProducts`. */
  name: string;
  /** Make's module this mirrors, for the catalogue. */
  makeModule: string;
  description: string;
  input: S;
  /** What the step's output (kept under `steps.<id>`) holds. */
  output: string;
  /**
   * True when running the module twice with the same input leaves Wix as running it once (reads, sets,
   * adding the same ids). After an answer is lost mid-call, only idempotent modules are retried; the others
   * stop the run as `needs-attention`. Default false.
   */
  idempotent?: boolean;
  run(input: z.output<S>, ctx: ModuleContext): Promise<unknown>;
}

/** Declares a module with its input type inferred from its schema. */
export const defineModule = <S extends z.ZodType>(module: ActionModule<S>): ActionModule<S> => module;
