import * as z from 'zod';
import { isRetryableStatus, mayHaveApplied, parseRetryAfter } from '#shared/call-error.ts';
import { defineModule } from '../action-module.ts';
import { moduleInput, number } from '../fields.ts';
import { defaultOutsideHttp, OutsideHttpError, safeHost } from '../outside-http.ts';
import { body, headers, keptHeaders, method, query, returnErrors } from './request-fields.ts';

/**
 * Calls any outside URL (a Slack webhook, your own API) without Wix auth. Output `{status, headers, body}`.
 * 429, 5xx, timeouts and network failures fail the step as retryable; other 4xx fail it for good unless
 * `returnErrors` is set. Error messages name only the host: URLs such as Slack hooks are secrets.
 */
export const httpRequest = defineModule({
  name: 'http.request',
  makeModule: 'HTTP: Make a request',
  description: 'Calls any outside URL, e.g. a Slack incoming webhook; no Wix authorization is added.',
  input: moduleInput({
    url: z
      .url({
        protocol: /^https?$/,
        error: (i) => (i.input === undefined ? 'is required' : 'must be an http(s) URL'),
      })
      .describe('the full URL, e.g. https://hooks.slack.com/services/…'),
    method,
    headers: headers(
      'request headers, e.g. {"Authorization": "Bearer …"} (Authorization is redacted from run records)',
    ),
    query,
    body,
    timeoutSeconds: number('give up after this many seconds (default 15, at most 30)', {
      min: 1,
      max: 30,
    }).optional(),
    returnErrors,
  }).refine((i) => i.method !== 'GET' || i.body === undefined, {
    message: 'a GET request cannot have a body: use POST, PUT or PATCH, or send the values as query',
    path: ['body'],
  }),
  output: '{ status, headers, body } — the answer (body parsed when it is JSON, else text).',
  async run(input, { http }) {
    const response = await (http ?? defaultOutsideHttp()).request({
      method: input.method,
      url: input.url,
      ...(input.headers === undefined ? {} : { headers: input.headers }),
      ...(input.query === undefined ? {} : { query: input.query }),
      ...(input.body === undefined ? {} : { body: input.body }),
      ...(input.timeoutSeconds === undefined ? {} : { timeoutMs: input.timeoutSeconds * 1000 }),
    });
    const result = { status: response.status, headers: keptHeaders(response.headers), body: response.body };
    if (response.status < 400) return result;
    const retryable = isRetryableStatus(response.status);
    if (input.returnErrors && !retryable) return result;
    const detail =
      typeof response.body === 'string'
        ? response.body.slice(0, 200)
        : JSON.stringify(response.body).slice(0, 200);
    throw new OutsideHttpError(
      `${input.method} ${safeHost(input.url)} answered ${response.status}${detail ? `: ${detail}` : ''}`,
      {
        status: response.status,
        code: `HTTP_${response.status}`,
        retryable,
        retryAfterS: parseRetryAfter(response.headers['retry-after']),
        maybeApplied: mayHaveApplied(response.status),
      },
    );
  },
});
