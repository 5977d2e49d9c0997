/**
 * Which requests may be sent again after their answer was lost (README, "Retries"): the methods HTTP defines
 * as idempotent (RFC 9110 §9.2.2), and — on the Wix API only — the POST endpoints Wix uses for reads.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Wix reads that take a body and so are POSTs: `…/query`, `…/search`, `…/count`, `…/list`. */
const WIX_READ_POST = /\/(query|search|count|list)\/?$/i;

/** True when sending `method` to any URL twice leaves the server as sending it once. */
export const isIdempotentMethod = (method: string): boolean => IDEMPOTENT_METHODS.has(method.toUpperCase());

/** True when the Wix API request is safe to repeat: an idempotent method, or one of Wix's read-only POSTs. */
export const isIdempotentWixRequest = (method: string, path: string): boolean =>
  isIdempotentMethod(method) || (method.toUpperCase() === 'POST' && WIX_READ_POST.test(path));
