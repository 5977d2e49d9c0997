import type { MiddlewareObj } from '@middy/core';
import type { Metrics } from './metrics.ts';

/**
 * A middy middleware that writes an invocation's metrics once it ends, answered or failed. Use it first, so
 * it runs after every other middleware has rendered the answer or the error.
 */
export function flushMetrics<Event, Result>(metrics: Metrics): MiddlewareObj<Event, Result> {
  const flush = async () => {
    metrics.flush();
  };
  return { after: flush, onError: flush };
}
