/** An error the HTTP edge renders as `statusCode` with `message` as the reason; shared code throws it. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Every HttpError message is written for the caller, so middy's error handler may show it. */
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    message: string,
    /** A short machine-readable code, e.g. `bad_signature`. */
    readonly code: string,
  ) {
    super(message);
  }
}
