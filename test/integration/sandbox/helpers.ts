import { type SandboxOptions, startWixSandbox, type WixSandbox } from '#sandbox/server.ts';

export interface CallOptions {
  auth?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
}

/** Calls the sandbox over real HTTP and parses the JSON answer. */
export async function call(
  sandbox: Pick<WixSandbox, 'url'>,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) headers.authorization = options.auth;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Gets a client-credentials access token for an instance (the demo site's by default). */
export async function tokenFor(sandbox: WixSandbox, instanceId = sandbox.instanceId): Promise<string> {
  const result = await call(sandbox, 'POST', '/oauth2/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: sandbox.appId,
      client_secret: sandbox.appSecret,
      instance_id: instanceId,
    },
  });
  if (result.status !== 200) throw new Error(`token request failed: ${result.status}`);
  return result.body.access_token as string;
}

/** The value at a dotted path (`a.b.0.c`) of a JSON value, for assertions. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The array at a dotted path (empty when absent), for assertions. */
export function list(value: unknown, path: string): Record<string, unknown>[] {
  const found = at(value, path);
  return Array.isArray(found) ? (found as Record<string, unknown>[]) : [];
}

/** A fresh sandbox and a client-credentials token for its demo site: what most suites start from. */
export async function sandboxWithToken(
  options: SandboxOptions = {},
): Promise<{ sandbox: WixSandbox; auth: string }> {
  const sandbox = await startWixSandbox(options);
  return { sandbox, auth: await tokenFor(sandbox) };
}
