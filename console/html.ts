// Server-rendered HTML with escaping by default: every interpolated value is text unless it is already Html.

/** A fragment of markup that is safe to insert as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const render = (part: Part): string => {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
};

/** Tagged template: literal markup stays, interpolations are escaped (arrays are joined, Html passes as is). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** A time shown in the viewer's zone by the page script, with the ISO value on hover (and without script). */
export const time = (iso: string | undefined): Html =>
  iso
    ? html`<time datetime="${iso}" title="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`
    : html`-`;

/** Pretty JSON in a <pre>, for payloads, inputs and outputs. */
export const json = (value: unknown): Html =>
  html`<pre class="json">${value === undefined ? '-' : JSON.stringify(value, null, 2)}</pre>`;

/** A status word styled by its meaning. */
export const badge = (status: string): Html => html`<span class="badge badge-${status}">${status}</span>`;

/** A URL path with query parameters (undefined and empty values left out). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

const NAV = [
  ['/', 'Overview'],
  ['/runs', 'Runs'],
  ['/events', 'Events'],
  ['/rules', 'Rules'],
  ['/connections', 'Connections'],
] as const;

/** The page around a view: navigation, the stack it shows, a notice if any. */
export function page(options: {
  title: string;
  current: string;
  stack: string;
  body: Html;
  notice?: { kind: 'ok' | 'error'; text: string };
}): string {
  const { title, current, stack, body, notice } = options;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · wixflow console</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <span class="brand">wixflow</span>
  <nav aria-label="Views"><ul>${NAV.map(
    ([path, label]) =>
      html`<li><a href="${path}"${current === path ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>
  <span class="stack" title="what this console shows">${stack}</span>
</header>
<main id="main" tabindex="-1">
${notice ? html`<p class="notice notice-${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
${body}
</main>
</body>
</html>`}`;
}
