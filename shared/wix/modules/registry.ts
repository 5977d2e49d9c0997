import type { ActionModule } from './action-module.ts';
import { collectionsAddProducts } from './collections-add-products.ts';

const modules: ReadonlyMap<string, ActionModule> = new Map(
  ([collectionsAddProducts] as ActionModule[]).map((m) => [m.name, m]),
);

/** The action module a rule step names, or undefined. */
export const getModule = (name: string): ActionModule | undefined => modules.get(name);

/** Every module, sorted by name. */
export const listModules = (): ActionModule[] =>
  [...modules.values()].sort((a, b) => a.name.localeCompare(b.name));
