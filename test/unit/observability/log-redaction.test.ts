import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '#shared/log.ts';
import { signJwt } from '#shared/wix/webhook/sign.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWT = signJwt({ alg: 'RS256' }, { data: '{"instanceId":"i-1"}' }, privateKey);

function logged(write: (log: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const lines: string[] = [];
  write(createLogger({ write: (line) => lines.push(line) }));
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

describe('log redaction', () => {
  it('replaces the values of secret-looking keys at any depth, private keys included', () => {
    const line = logged((log) =>
      log.info('calling Wix', {
        request: { headers: { Authorization: 'abc', 'X-Api-Key': 'k' }, body: { client_secret: 's' } },
        refreshToken: 'r',
        privateKey: 'p',
        instanceId: 'inst-1',
      }),
    );

    expect(line).toMatchObject({
      request: {
        headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' },
        body: { client_secret: '[redacted]' },
      },
      refreshToken: '[redacted]',
      privateKey: '[redacted]',
      instanceId: 'inst-1',
    });
  });

  it('scrubs bearer tokens, JWTs and PEM private keys out of messages and error texts', () => {
    const error = new Error(`Wix refused Authorization: Bearer ${JWT.slice(0, 40)} for body ${JWT}`);

    const text = JSON.stringify(
      logged((log) =>
        log.error(`could not parse ${PRIVATE_KEY_PEM} near ${JWT}`, { error, note: `token ${JWT}` }),
      ),
    );

    expect(text).not.toContain(JWT);
    expect(text).not.toContain(JWT.slice(0, 40));
    expect(text).not.toContain('PRIVATE KEY-----\\n');
    expect(text).not.toContain(PRIVATE_KEY_PEM.split('\n')[1] ?? 'unreachable');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('[redacted jwt]');
    expect(text).toContain('[redacted private key]');
  });

  it('keeps ordinary text, ids and hashes as they are', () => {
    const line = logged((log) =>
      log.info('webhook accepted', {
        eventId: 'sha256:857c9d3797e8a0b1',
        note: 'Basic plan; bearer of the order: eyJ is not a token on its own',
      }),
    );

    expect(line).toMatchObject({
      eventId: 'sha256:857c9d3797e8a0b1',
      note: 'Basic plan; bearer of the order: eyJ is not a token on its own',
    });
  });

  it('leaves run-record redaction to key names: redact() does not rewrite text', () => {
    expect(redact({ output: { text: `Bearer ${JWT}` }, apiKey: 'k' })).toEqual({
      output: { text: `Bearer ${JWT}` },
      apiKey: '[redacted]',
    });
  });

  it('puts correlation ids from a child logger on every line', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) }).child({
      eventId: 'e-1',
      instanceId: 'i-1',
    });

    log.child({ ruleId: 'r-1', runId: 'run_1' }).info('run succeeded');
    log.warn('stale event');

    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ eventId: 'e-1', instanceId: 'i-1', ruleId: 'r-1', runId: 'run_1' }),
      expect.objectContaining({ eventId: 'e-1', instanceId: 'i-1', level: 'WARN' }),
    ]);
  });
});
