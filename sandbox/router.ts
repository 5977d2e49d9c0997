import type { SandboxState, Site } from './state.ts';

/** What an authenticated API route receives. */
export interface ApiContext {
  site: Site;
  state: SandboxState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  now: Date;
}

/** What a token endpoint receives (no caller: the body carries the credentials). */
export interface TokenContext {
  state: SandboxState;
  body: unknown;
  now: Date;
}

/** A route's answer; status defaults to 200. */
export interface RouteResult {
  status?: number;
  body: unknown;
}

/** A Wix REST operation the sandbox serves; `path` uses `:name` for path parameters. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  handler: (ctx: ApiContext) => RouteResult;
}

/** An OAuth token endpoint (unauthenticated). */
export interface TokenRoute {
  method: 'POST';
  path: string;
  handler: (ctx: TokenContext) => RouteResult;
}

/** Matches a request path against a route pattern; returns the decoded path parameters or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (!g) return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Finds the first route whose method and pattern match; static routes must be listed before parameterised ones. */
export function findRoute<R extends { method: string; path: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}
