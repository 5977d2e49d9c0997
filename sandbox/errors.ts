/** One entry of Wix's `details.validationError.fieldViolations`. */
export interface FieldViolation {
  field: string;
  description: string;
  violatedRule: 'CUSTOM' | 'MAX' | 'MIN' | 'FORMAT' | 'REQUIRED_FIELD' | 'MAX_LENGTH' | 'MIN_LENGTH';
  ruleName?: string;
  data?: Record<string, unknown>;
}

/** Wix's standard error body (docs/wix-behaviour.md#errors). */
export interface WixErrorBody {
  message: string;
  details: {
    applicationError?: { code: string; description: string; data?: Record<string, unknown> };
    validationError?: { fieldViolations: FieldViolation[] };
  };
}

/** A request the sandbox refuses as Wix would: a route throws it, the server renders `body` with `status`. */
export class WixRefusal extends Error {
  override readonly name = 'WixRefusal';
  constructor(
    readonly status: number,
    readonly body: WixErrorBody | OAuthErrorBody,
  ) {
    super(
      typeof (body as WixErrorBody).message === 'string' ? (body as WixErrorBody).message : 'OAuth error',
    );
  }
}

/** IETF OAuth 2.0 error body (RFC 6749 §5.2), used by the token endpoints. */
export interface OAuthErrorBody {
  error:
    | 'invalid_request'
    | 'invalid_client'
    | 'invalid_grant'
    | 'unauthorized_client'
    | 'unsupported_grant_type';
  error_description: string;
}

/** Builds a Wix application error (`details.applicationError`). */
export function applicationError(
  status: number,
  code: string,
  description: string,
  data?: Record<string, unknown>,
): WixRefusal {
  const applicationErrorBody: { code: string; description: string; data?: Record<string, unknown> } = {
    code,
    description,
  };
  if (data !== undefined) applicationErrorBody.data = data;
  return new WixRefusal(status, {
    message: description,
    details: { applicationError: applicationErrorBody },
  });
}

/** Builds a 400 validation error with the given field violations. */
export function validationError(fieldViolations: FieldViolation[]): WixRefusal {
  const message = fieldViolations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new WixRefusal(400, { message, details: { validationError: { fieldViolations } } });
}

/** Builds a 400 validation error for one field. */
export function invalidField(
  field: string,
  description: string,
  violatedRule: FieldViolation['violatedRule'] = 'CUSTOM',
): WixRefusal {
  return validationError([{ field, description, violatedRule }]);
}

/** Builds a 404 `NOT_FOUND` application error for an entity. */
export function notFound(entity: string, id: string): WixRefusal {
  return applicationError(404, 'NOT_FOUND', `${entity} with id ${id} not found`);
}

/** 401 `UNAUTHENTICATED`, the answer to a missing, unknown or expired token. */
export function unauthenticated(description: string): WixRefusal {
  return applicationError(401, 'UNAUTHENTICATED', description);
}

/** 429 `RESOURCE_EXHAUSTED`, the answer once an instance is over its per-minute budget. */
export function rateLimited(limit: number): WixRefusal {
  return applicationError(429, 'RESOURCE_EXHAUSTED', `Rate limit exceeded: ${limit} requests per minute`);
}

/** Wix's system error body for 5xx: empty message and details (docs/wix-behaviour.md#errors). */
export const systemErrorBody = (): WixErrorBody => ({ message: '', details: {} });

/** An IETF OAuth error; 401 for `invalid_client` (RFC 6749 §5.2), 400 otherwise. */
export function oauthError(error: OAuthErrorBody['error'], description: string): WixRefusal {
  return new WixRefusal(error === 'invalid_client' ? 401 : 400, { error, error_description: description });
}
