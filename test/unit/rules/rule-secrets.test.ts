import { describe, expect, it } from 'vitest';
import { RuleSetError, validateRuleSet } from '#shared/rules/apply-rules.ts';
import {
  secretHider,
  secretNames,
  secretReferences,
  secretsInExpression,
  secretUseProblem,
} from '#shared/rules/rule-secrets-use.ts';

const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';

function problemsOf(documents: unknown[]): string[] {
  try {
    validateRuleSet(documents.map((value) => ({ source: 'test', value })));
    return [];
  } catch (error) {
    if (error instanceof RuleSetError) return error.message.split('\n');
    throw error;
  }
}

const notify = (url: string, filter?: string) => ({
  id: 'notify',
  connection: 'shop',
  trigger: 'orders.paid',
  ...(filter ? { filter } : {}),
  actions: [{ id: 'post', module: 'http.request', input: { url, method: 'POST', body: { text: 'paid' } } }],
});

describe('rule secrets in expressions', () => {
  it('finds secrets.NAME, not a field called secrets of something else', () => {
    expect(secretsInExpression('secrets.slackHook')).toEqual(['slackHook']);
    expect(secretsInExpression('"Bearer " & secrets.apiKey & secrets . other')).toEqual(['apiKey', 'other']);
    expect(secretsInExpression('trigger.secrets.x & $secrets.y & steps.a.secrets.z')).toEqual([]);
  });

  it('refuses `secrets` used whole, so a rule names each secret it reads', () => {
    expect(secretUseProblem('$keys(secrets)')).toContain('name one secret');
    expect(secretUseProblem('secrets["slackHook"]')).toContain('name one secret');
    expect(secretUseProblem(`secrets.${'a'.repeat(65)}`)).toContain('at most 64 characters');
    expect(secretUseProblem('secrets.slackHook & trigger.secrets')).toBeUndefined();
  });

  it('lists where a rule uses its secrets, and each name once', () => {
    const rule = notify('{{ secrets.slackHook }}', 'secrets.enabled = "yes"');
    rule.actions.push({
      id: 'again',
      module: 'http.request',
      input: { url: 'https://example.com/{{ secrets.slackHook }}', method: 'GET', body: { text: '' } },
    });

    expect(secretReferences(rule)).toEqual([
      { name: 'enabled', path: 'filter' },
      { name: 'slackHook', path: 'actions.0.input' },
      { name: 'slackHook', path: 'actions.1.input' },
    ]);
    expect(secretNames(rule)).toEqual(['enabled', 'slackHook']);
  });

  it('validates a rule that uses a secret for a URL, and rejects one that reads them all', () => {
    expect(problemsOf([notify('{{ secrets.slackHook }}')])).toEqual([]);
    expect(problemsOf([notify('{{ $string(secrets) }}')])).toEqual([
      'notify: actions.0.input: expression {{ $string(secrets) }} uses `secrets` whole: name one secret, as secrets.NAME',
    ]);
  });
});

describe('secretHider', () => {
  it('replaces every secret value at any depth with its name, keeping the shape', () => {
    const hide = secretHider({ slackHook: HOOK, apiKey: 'k3y-k3y-k3y' });

    expect(
      hide({
        input: { url: HOOK, headers: { 'X-Key': 'k3y-k3y-k3y' } },
        calls: [{ path: `${HOOK}?x=1` }],
        message: `POST ${HOOK} answered 404`,
        count: 3,
      }),
    ).toEqual({
      input: { url: '[secret slackHook]', headers: { 'X-Key': '[secret apiKey]' } },
      calls: [{ path: '[secret slackHook]?x=1' }],
      message: 'POST [secret slackHook] answered 404',
      count: 3,
    });
  });

  it('hides the path and the query of a URL secret where they appear on their own', () => {
    const hide = secretHider({ slackHook: HOOK, feed: 'https://feeds.example/items?key=abcdef123' });

    expect(hide('no hook at /services/T000/B000/XXXXXXXX')).toBe('no hook at [secret slackHook]');
    expect(hide('GET /items?key=abcdef123 and key=abcdef123')).toBe('GET [secret feed] and [secret feed]');
  });

  it('hides the longer of two overlapping secrets first, and leaves values too short to search for', () => {
    const hide = secretHider({
      base: 'https://api.example',
      full: 'https://api.example/v1/key',
      pin: '1234',
    });

    expect(hide('https://api.example/v1/key and https://api.example and 1234')).toBe(
      '[secret full] and [secret base] and 1234',
    );
  });
});
