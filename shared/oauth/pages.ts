import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Headers of every install page: never cached, no referrer (the callback URL carries the authorization code),
 * no scripts; framing allowed and `Cross-Origin-Opener-Policy: unsafe-none`, as Wix asks of app and redirect
 * URLs (docs/wix-behaviour.md#install-flow).
 */
export const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'unsafe-none',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
} as const;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A small self-contained HTML page; every piece of `paragraphs` is escaped. */
export function htmlPage(
  statusCode: number,
  title: string,
  paragraphs: string[],
): APIGatewayProxyStructuredResultV2 {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · wixflow</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.4rem}code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${formatCode(escapeHtml(p))}</p>`).join('\n')}
</body>
</html>
`;
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS },
    body,
  };
}

/** Text between backticks is shown as code (applied after escaping, so it cannot inject markup). */
const formatCode = (escaped: string) => escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
