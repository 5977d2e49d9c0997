import * as z from 'zod';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { defineModule } from '../action-module.ts';
import { moduleInput } from '../fields.ts';
import { isIdempotentWixRequest } from './idempotency.ts';
import { body, headers, keptHeaders, method, query, returnErrors } from './request-fields.ts';

/** The request path of a `url` input: one leading slash. */
const wixPath = (url: string) => `/${url.replace(/^\/+/, '')}`;

/** Headers wixflow sets from the connection; a rule may not send its own. */
const AUTH_HEADERS = new Set(['authorization', 'wix-site-id', 'wix-account-id']);

/**
 * Make's "Make an API Call": any path on the Wix API base URL with the connection's auth added. Output
 * `{status, headers, body}`. A Wix error fails the step (retried when retrying can help) unless
 * `returnErrors` asks for non-retryable 4xx answers to be returned instead. A lost answer is retried for
 * GET, PUT, DELETE and Wix's read-only POSTs (`…/query`, `…/search`, `…/count`, `…/list`).
 */
export const wixApiCall = defineModule({
  name: 'wix.apiCall',
  makeModule: 'Make an API Call',
  description: 'Calls any Wix REST endpoint with the connection’s authorization.',
  input: moduleInput({
    url: z
      .string({
        error: (i) =>
          i.input === undefined ? 'is required' : 'must be a path such as /stores/v1/products/query',
      })
      .trim()
      .regex(/^\/?[A-Za-z0-9]/, 'must be a path on the Wix API such as /stores/v1/products/query')
      .refine((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('//'), {
        message:
          'must be a path relative to the Wix API base URL (https://www.wixapis.com); use http.request for other sites',
      })
      .refine((u) => !u.split(/[/?#]/).includes('..'), { message: 'must not contain ".." segments' })
      .refine((u) => !u.includes('?'), { message: 'must not hold a query string; put parameters in query' })
      .describe('path relative to https://www.wixapis.com, e.g. /stores/v1/products/query'),
    method,
    headers: headers(
      'extra request headers (the connection’s Authorization is added; you cannot set it)',
    ).refine((h) => Object.keys(h ?? {}).every((k) => !AUTH_HEADERS.has(k.toLowerCase())), {
      message: 'must not set Authorization, wix-site-id or wix-account-id: wixflow adds the connection’s',
    }),
    query,
    body,
    returnErrors,
  }).refine((i) => i.method !== 'GET' || i.body === undefined, {
    message: 'a GET request cannot have a body: use POST, PUT or PATCH, or send the values as query',
    path: ['body'],
  }),
  output: '{ status, headers, body } — Wix’s answer (body parsed from JSON).',
  idempotent: (input) => isIdempotentWixRequest(input.method, wixPath(input.url)),
  async run(input, { wix }) {
    const path = wixPath(input.url);
    try {
      const response = await wix.request({
        method: input.method,
        path,
        ...(input.query === undefined ? {} : { query: input.query }),
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.headers === undefined ? {} : { headers: input.headers }),
      });
      return { status: response.status, headers: keptHeaders(response.headers), body: response.body };
    } catch (error) {
      if (
        !input.returnErrors ||
        !(error instanceof WixApiError) ||
        error.retryable ||
        error.status === undefined
      )
        throw error;
      // The client keeps Wix's details, not the raw body: rebuild Wix's {message, details} error body.
      const raw = (error as { body?: unknown }).body;
      return {
        status: error.status,
        headers: {},
        body: raw ?? { message: error.message, details: error.details ?? {} },
      };
    }
  },
});
