import type { z } from 'zod';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';

export interface ModuleContext {
  wix: WixApi;
  connection: { id: string; instanceId: string };
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
  run(input: z.output<S>, ctx: ModuleContext): Promise<unknown>;
}

/** Declares a module with its input type inferred from its schema. */
export const defineModule = <S extends z.ZodType>(module: ActionModule<S>): ActionModule<S> => module;
