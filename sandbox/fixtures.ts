import { readFileSync } from 'node:fs';
import { packagePath } from '#shared/package-root.ts';

/** A JSON object as the sandbox stores and serves it. */
export type Entity = Record<string, unknown>;

const cache = new Map<string, unknown>();

const load = (relativePath: string): unknown => {
  let parsed = cache.get(relativePath);
  if (parsed === undefined) {
    parsed = JSON.parse(readFileSync(packagePath('sandbox', 'samples', relativePath), 'utf8'));
    cache.set(relativePath, parsed);
  }
  return structuredClone(parsed);
};

/** A copied Wix REST example (sandbox/samples/rest/<name>.json); each call returns a fresh deep copy. */
export interface RestSample {
  method: string;
  path: string;
  requestExample: { url: string | null; body: unknown };
  responseExample: unknown;
  examples: { request: { url: string | null; body: unknown }; response: unknown }[];
}

/** Loads a copied Wix REST example by `<service>.<operation>` name; throws if the sample is missing. */
export function restSample(name: string): RestSample {
  return load(`rest/${name}.json`) as RestSample;
}

/** The documented response example of a REST sample, as an object. */
export function sampleResponse(name: string): Entity {
  return asEntity(restSample(name).responseExample);
}

/** A copied Wix webhook example (sandbox/samples/webhooks/<eventType>.json). */
export interface WebhookSample {
  eventType: string;
  form: 'inner' | 'envelope' | 'jwt-payload';
  payload: Entity;
}

/** Loads a copied Wix webhook example by file name (without `.json`); throws if it is missing. */
export function webhookSample(name: string): WebhookSample {
  return load(`webhooks/${name}.json`) as WebhookSample;
}

/** Narrows a value to a plain object, or returns an empty one. */
export function asEntity(value: unknown): Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entity) : {};
}

/** Narrows a value to an array of objects (non-objects dropped). */
export function asEntities(value: unknown): Entity[] {
  return Array.isArray(value) ? value.filter((v): v is Entity => typeof v === 'object' && v !== null) : [];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Reads a field by its lowerCamel name or its proto snake_case name (proto-JSON accepts both; Wix docs use both). */
export function field(entity: Entity, camelName: string): unknown {
  return entity[camelName] !== undefined ? entity[camelName] : entity[snake(camelName)];
}
