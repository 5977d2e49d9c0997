import { describe, expect, it } from 'vitest';
import { htmlPage } from '#shared/oauth/pages.ts';

describe('install pages', () => {
  it('escapes every reason, so nothing in a query string can become markup', () => {
    // Act
    const page = htmlPage(400, 'Title <i>', ['"<script>alert(1)</script>" & `<b>code</b>`']);

    // Assess
    expect(page.body).toContain('Title &lt;i&gt;');
    expect(page.body).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp;');
    expect(page.body).toContain('<code>&lt;b&gt;code&lt;/b&gt;</code>');
    expect(page.body).not.toMatch(/<script|<b>|<i>/);
  });

  it('may be framed by Wix, is never cached and sends no referrer', () => {
    // Act
    const { statusCode, headers } = htmlPage(200, 'ok', []);

    // Assess
    expect(statusCode).toBe(200);
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'unsafe-none',
    });
    expect(Object.keys(headers ?? {}).map((h) => h.toLowerCase())).not.toContain('x-frame-options');
    expect(String(headers?.['content-security-policy'])).not.toContain('frame-ancestors');
  });
});
