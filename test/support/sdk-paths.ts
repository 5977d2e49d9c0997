import type { WireRequest } from './wix-oracle.ts';

/**
 * The SDK's request moved to the documented public path. For `www.wixapis.com` Wix's SDK takes the first of its
 * `domainToMappings` that fits (often an `/_api/…` one); the same proto path is mapped under the documented REST
 * prefix too, which is what wixflow calls. The contract is method, body and the proto path behind the prefix.
 */
export function onPublicPath(request: WireRequest, sdkPrefix: string, publicPrefix: string): WireRequest {
  if (!request.path.startsWith(sdkPrefix)) return request;
  return { ...request, path: publicPrefix + request.path.slice(sdkPrefix.length) };
}

/** The JSON query Wix's SDK sends base64url-encoded in a GET's `.r` parameter, for comparison with a POST body. */
export function decodedDotR(request: WireRequest): unknown {
  const r = request.query.find(([name]) => name === '.r')?.[1];
  if (r === undefined) throw new Error(`${request.method} ${request.path} has no .r parameter`);
  return JSON.parse(Buffer.from(r, 'base64url').toString('utf8'));
}
