/** Keys whose values never reach a log line or run record, at any depth (headers included, e.g. X-Api-Key). */
const SECRET_KEYS =
  /(authorization|secret|passw(or)?d|token|api[-_]?key|cookie|credential|signature|private[-_]?key)/i;
/**
 * Secret-shaped text inside log values (an error message quoting a header, a token or a webhook body):
 * PEM private keys, `Bearer` credentials, and compact JWS/JWT (Wix tokens and webhook bodies).
 */
const SECRET_TEXT: readonly [RegExp, string][] = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '[redacted private key]',
  ],
  [/\b(Bearer) +[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g, '[redacted jwt]'],
  // The token of an automation intake URL (docs/decisions/013), e.g. quoted back in a Wix error.
  [/(\/webhooks\/automations\/)[A-Za-z0-9_-]{16,}/g, '$1[redacted]'],
];
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry `fields` (correlation ids: event, instance, rule, run). */
  child(fields: Record<string, unknown>): Logger;
}

/** Replaces the values of secret-looking keys and turns errors into plain fields. */
export function redact(value: unknown, depth = 0): unknown {
  return clean(value, depth, false);
}

/**
 * `redact`, and on log lines also secret-shaped text (private keys, bearer credentials, JWTs) inside any
 * string: an error message may quote a header or a body that no key name gives away.
 */
export function redactLogFields(value: unknown): unknown {
  return clean(value, 0, true);
}

function clean(value: unknown, depth: number, scrubText: boolean): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return scrubText ? scrub(value) : value;
  if (value instanceof Error) {
    const fields = clean({ ...value }, depth + 1, scrubText) as object;
    return { name: value.name, message: clean(value.message, depth + 1, scrubText), ...fields };
  }
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1, scrubText));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.test(k) ? '[redacted]' : clean(v, depth + 1, scrubText);
    return out;
  }
  return value;
}

/** Cheap markers of the secret shapes above: most log strings (ids, names) have none and skip the regexes. */
const SECRET_TEXT_MARKERS = /PRIVATE KEY|bearer|eyJ|webhooks\/automations\//i;

function scrub(text: string): string {
  if (!SECRET_TEXT_MARKERS.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** Writes one line to stdout, where Lambda hands it to CloudWatch Logs unchanged (EMF lines included). */
export const writeStdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * A structured JSON-lines logger (one object per line, as CloudWatch Logs Insights reads it).
 * Hand-written rather than a logging library: ingest's cold start is measured against the bare SQS client.
 */
export function createLogger(
  options: { level?: LogLevel; base?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  return new JsonLinesLogger(
    LEVELS[options.level ?? 'info'],
    options.write ?? writeStdoutLine,
    options.base ?? {},
  );
}

/** Methods on a prototype, so a per-request child (ingest makes one per webhook) is one small object. */
class JsonLinesLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly write: (line: string) => void,
    private readonly base: Record<string, unknown>,
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.emit('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.emit('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.emit('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.emit('error', message, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLinesLogger(this.threshold, this.write, { ...this.base, ...fields });
  }

  private emit(level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) {
    if (LEVELS[level] < this.threshold) return;
    const line = {
      level: level.toUpperCase(),
      timestamp: new Date().toISOString(),
      message,
      ...this.base,
      ...fields,
    };
    this.write(JSON.stringify(redactLogFields(line)));
  }
}

/** Parses a log level name, falling back to `info` only when none is given. */
export function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = value.toLowerCase();
  if (level in LEVELS) return level as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')} (got "${value}")`);
}
