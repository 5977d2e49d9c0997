import { describe, expect, it } from 'vitest';
import { CallError } from '#shared/call-error.ts';
import { noAnswerError } from '#shared/wix/client/http-transport.ts';
import { WixApiError, wixApiErrorFrom } from '#shared/wix/client/wix-api-error.ts';
import { OutsideHttpError } from '#shared/wix/modules/outside-http.ts';

describe('call errors', () => {
  it("reads Wix's error body into a WixApiError: status, code, Retry-After and whether it may have applied", () => {
    const error = wixApiErrorFrom(
      502,
      'POST',
      '/stores/v1/products',
      { message: 'upstream failed', details: { applicationError: { code: 'UPSTREAM', description: 'x' } } },
      { 'retry-after': '7' },
    );

    expect(error).toBeInstanceOf(WixApiError);
    expect(error).toMatchObject({
      name: 'WixApiError',
      message: 'Wix answered 502 to POST /stores/v1/products: upstream failed (UPSTREAM)',
      status: 502,
      code: 'UPSTREAM',
      retryable: true,
      retryAfterS: 7,
      maybeApplied: true,
    });
  });

  it('builds a no-answer error of the kind asked for, so a call outside Wix never reads as a Wix failure', () => {
    const lost = Object.assign(new Error('socket hang up'), { cause: { code: 'ECONNRESET' } });
    const refused = Object.assign(new Error('connect refused'), { cause: { code: 'ECONNREFUSED' } });

    const outside = noAnswerError(lost, 'POST https://hooks.example.com', OutsideHttpError);
    const wix = noAnswerError(refused, 'GET /apps/v1/instance', WixApiError);

    expect(outside).toBeInstanceOf(OutsideHttpError);
    expect(outside).not.toBeInstanceOf(WixApiError);
    expect(outside).toMatchObject({ name: 'OutsideHttpError', code: 'NETWORK_ERROR', maybeApplied: true });
    expect(wix).toBeInstanceOf(WixApiError);
    // A connection that was never made cannot have done anything.
    expect(wix).toMatchObject({ retryable: true, maybeApplied: false });
    expect([outside, wix].every((e) => e instanceof CallError)).toBe(true);
  });

  it('copies a failure with some fields changed, keeping its kind and the rest', () => {
    const original = new OutsideHttpError('POST https://x.example answered 504', {
      status: 504,
      code: 'HTTP_504',
      retryable: true,
      retryAfterS: 3,
      maybeApplied: true,
    });

    const copy = original.with({ maybeApplied: false });

    expect(copy).toBeInstanceOf(OutsideHttpError);
    expect(copy).toMatchObject({ message: original.message, status: 504, code: 'HTTP_504', retryAfterS: 3 });
    expect(copy.maybeApplied).toBe(false);
    expect(original.maybeApplied).toBe(true);
  });
});
