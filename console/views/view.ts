import { parseSince } from '#cli/commands/events.ts';
import type { CliContext } from '#cli/context.ts';
import type { Html } from '../html.ts';

/** What every view reads: the stores and queues of the stack shown, and the clock. */
export interface ViewDeps {
  ctx: CliContext;
  now: () => number;
}

export interface ViewRequest {
  /** The route's captured path segments, decoded. */
  params: string[];
  query: URLSearchParams;
  /** The posted form (empty for GET). */
  form: URLSearchParams;
}

export type ViewResult =
  | {
      title: string;
      current: string;
      body: Html;
      status?: number;
      notice?: { kind: 'ok' | 'error'; text: string };
    }
  | { redirect: string };

export type View = (deps: ViewDeps, request: ViewRequest) => Promise<ViewResult>;

/** Thrown by a view for an id that does not exist: the console answers 404 with the message. */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}

/** A page of `items` after the cursor (the key of the last item shown), and the cursor of the next page. */
export function pageOf<T>(
  items: T[],
  keyOf: (item: T) => string,
  cursor: string | null,
  size = 50,
): { items: T[]; next?: string } {
  const start = cursor ? items.findIndex((item) => keyOf(item) === cursor) + 1 : 0;
  const shown = items.slice(start, start + size);
  const last = shown.at(-1);
  return start + size < items.length && last ? { items: shown, next: keyOf(last) } : { items: shown };
}

/** The notice a redirect carried back (`?ok=…` or `?error=…`). */
export function noticeOf(query: URLSearchParams): { kind: 'ok' | 'error'; text: string } | undefined {
  const ok = query.get('ok');
  if (ok) return { kind: 'ok', text: ok };
  const error = query.get('error');
  return error ? { kind: 'error', text: error } : undefined;
}

/** `value` (an ISO time or a span back from now: 30m, 6h, 2d), or `fallback`; a reason when unreadable. */
export function sinceOf(value: string | null, now: number, fallback: string): Date | { error: string } {
  try {
    return parseSince(value?.trim() || fallback, now);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
