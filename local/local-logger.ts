import { appendFileSync } from 'node:fs';
import { createLogger, type Logger, type LogLevel } from '#shared/log.ts';

/**
 * The local stack's logger: every JSON line goes to `logFile` (as CloudWatch would hold it) and the lines a
 * person watching `npm start` cares about are printed as one tidy sentence each.
 */
export function createLocalLogger(options: {
  level: LogLevel;
  logFile: string;
  print: (line: string) => void;
}): Logger {
  return createLogger({
    level: options.level,
    write: (line) => {
      appendFileSync(options.logFile, `${line}\n`);
      const summary = summarise(JSON.parse(line) as Record<string, unknown>);
      if (summary) options.print(summary);
    },
  });
}

function summarise(entry: Record<string, unknown>): string | undefined {
  const message = String(entry.message ?? '');
  const error = entry.error as { message?: string } | undefined;
  if (message === 'webhook accepted')
    return `  ← webhook ${entry.eventType} (event ${short(entry.eventId)}) accepted and queued`;
  if (message === 'webhook rejected') return `  ✗ webhook rejected with ${entry.status}: ${entry.reason}`;
  if (message.startsWith('run ') && entry.runId !== undefined && entry.status !== undefined) {
    const status = String(entry.status);
    const mark = status === 'succeeded' ? '✓' : status === 'skipped' ? '·' : '✗';
    const detail = error?.message ? `: ${error.message}` : '';
    return `  ${mark} rule ${entry.ruleId} ${status} (run ${entry.runId}, ${entry.durationMs ?? 0} ms)${detail}`;
  }
  if (entry.level === 'ERROR' || entry.level === 'WARN')
    return `  ! ${message}${error?.message ? `: ${error.message}` : ''}`;
  return undefined;
}

const short = (id: unknown) => {
  const s = String(id);
  return s.length > 20 ? `${s.slice(0, 19)}…` : s;
};
