const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A span of time written as a whole number and a unit — `30s`, `15m`, `6h`, `2d` — in milliseconds, or
 * undefined when the text is not one. The CLI's `--since`, the reconciliation interval (environment and CDK
 * context) all read spans this way. Imports nothing, so the CDK app and every bundle can use it.
 */
export function spanMs(text: string): number | undefined {
  const span = /^(\d+)\s*([smhd])$/.exec(text.trim());
  return span ? Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS] : undefined;
}
