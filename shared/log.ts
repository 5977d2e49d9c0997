/** Keys whose values never reach a log line or run record, at any depth (headers included, e.g. X-Api-Key). */
const SECRET_KEYS = /(authorization|secret|passw(or)?d|token|api[-_]?key|cookie|credential|signature)/i;
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
  if (depth > 8) return '[depth]';
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(redact({ ...value }, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

/**
 * A structured JSON-lines logger (one object per line, as CloudWatch Logs Insights reads it).
 * Hand-written rather than a logging library: ingest's cold start is measured against the bare SQS client.
 */
export function createLogger(
  options: { level?: LogLevel; base?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.base ?? {};
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const line = {
      level: level.toUpperCase(),
      timestamp: new Date().toISOString(),
      message,
      ...base,
      ...fields,
    };
    write(JSON.stringify(redact(line)));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** Parses a log level name, falling back to `info` only when none is given. */
export function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = value.toLowerCase();
  if (level in LEVELS) return level as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')} (got "${value}")`);
}
