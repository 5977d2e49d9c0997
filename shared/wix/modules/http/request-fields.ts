import * as z from 'zod';
import { boolean } from '../fields.ts';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const method = z
  .enum([...METHODS, 'get', 'post', 'put', 'patch', 'delete'], {
    error: () => `must be one of ${METHODS.join(', ')}`,
  })
  .optional()
  .transform((m) => (m ?? 'GET').toUpperCase() as (typeof METHODS)[number])
  .describe(`HTTP method: ${METHODS.join(', ')} (default GET)`);

export const headers = (description: string) =>
  z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String), {
      error: () => 'must be an object of header names to values',
    })
    .optional()
    .describe(description);

export const query = z
  .record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
    { error: () => 'must be an object of parameter names to values (a list repeats the parameter)' },
  )
  .optional()
  .describe('query string parameters, e.g. {"paging.limit": 10}; a list repeats the parameter');

export const body = z.unknown().optional().describe('request body: JSON (object, list…) or text');

export const returnErrors = boolean(
  'true: give a 4xx answer (but 429) as the output instead of failing the step, as Make does; 429, 5xx and timeouts always fail the step so it is retried',
).optional();

/** Response headers worth keeping in a run record (cookies are not). */
export const keptHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'set-cookie'));
