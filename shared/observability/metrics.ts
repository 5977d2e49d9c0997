import type { Logger } from '#shared/log.ts';

/** The CloudWatch namespace of every wixflow metric; the dashboard and alarms read the same one. */
export const METRICS_NAMESPACE = 'Wixflow';

/**
 * The metrics wixflow emits, with the extra dimension each is split by (every metric also carries `Stage`).
 * infra/constructs/monitoring.ts graphs and alarms on these names, so renaming one is a dashboard change.
 */
export const METRIC = {
  /** Ingest: a verified webhook was queued (answered 200). */
  eventsAccepted: 'EventsAccepted',
  /** Ingest: a webhook was answered with an error; dimension `Status` (400, 401, 413, 503, 500). */
  eventsRejected: 'EventsRejected',
  /** Consumer: what became of a queued event; dimension `Outcome` (see EVENT_OUTCOMES). */
  eventsProcessed: 'EventsProcessed',
  /** Consumer: a rule run ended an attempt; dimension `Status` (see RUN_STATUSES). */
  runs: 'Runs',
  /**
   * Consumer: a run ended failed or needs-attention; dimension `Outcome`: `queued` (a wixflow.run.* alert
   * event), `suppressed` (the run was itself an alert rule's: no alert about an alert), `deferred` (the queue
   * refused it three times: kept on the run, queued by the event's next delivery) or `lost` (it could not be
   * kept either).
   */
  runAlerts: 'RunAlerts',
  /** Consumer: a call to the Wix REST API; dimension `StatusClass` (see WIX_STATUS_CLASSES). */
  wixCalls: 'WixCalls',
  /** Consumer: a Wix call waited for its site's rate-limit slot. */
  rateLimitWaits: 'RateLimitWaits',
  /** Consumer: milliseconds spent waiting for rate-limit slots. */
  rateLimitWaitTime: 'RateLimitWaitTime',
  /** Consumer: the site's next slot was too far away; the event went back to the queue with a delay. */
  rateLimitGiveBacks: 'RateLimitGiveBacks',
  /** Reconcile: entity changes no webhook delivered, queued as `reconcile` events (rising = webhooks missing). */
  eventsReconciled: 'EventsReconciled',
  /** Reconcile: Wix queries a sweep made (a quiet site: one per trigger per sweep). */
  reconcileQueries: 'ReconcileQueries',
  /** Reconcile: a connection's sweep failed (its window is covered by the next one). */
  reconcileFailures: 'ReconcileFailures',
} as const;

/** `duplicate`: already finished (a Wix re-send or SQS redelivery); `retried`: will be delivered again. */
export const EVENT_OUTCOMES = ['done', 'duplicate', 'stale', 'ignored', 'retried', 'malformed'] as const;
/** The run statuses an attempt can end in (`retrying`: the event comes back). */
export const RUN_STATUSES = ['succeeded', 'failed', 'skipped', 'needs-attention', 'retrying'] as const;
export const WIX_STATUS_CLASSES = ['2xx', '3xx', '4xx', '429', '5xx'] as const;

export type Unit = 'Count' | 'Milliseconds';
export type Dimensions = Readonly<Record<string, string>>;

/** Counters for one invocation, written as CloudWatch Embedded Metric Format lines on `flush`. */
export interface Metrics {
  /** Adds `value` (default 1) to the counter `name` split by `dimensions` (on top of the fixed ones). */
  count(name: string, value?: number, dimensions?: Dimensions): void;
  /** Adds `ms` to the time total `name` (unit Milliseconds, read it with the Sum statistic). */
  time(name: string, ms: number, dimensions?: Dimensions): void;
  /** Writes one EMF line per distinct set of dimensions and clears the counters; a no-op when nothing was counted. */
  flush(): void;
}

export interface MetricsOptions {
  /** @default METRICS_NAMESPACE */
  namespace?: string;
  /** Dimensions every metric carries, e.g. `{ Stage: 'prod' }`. */
  dimensions: Dimensions;
  now?: () => number;
}

/** Where EMF documents go: a raw line writer (stdout on Lambda) or a logger (an `info` line with the document). */
export type MetricsSink = ((line: string) => void) | Pick<Logger, 'info'>;

interface Group {
  dimensions: Dimensions;
  values: Map<string, { unit: Unit; sum: number }>;
}

/**
 * Metrics as CloudWatch Embedded Metric Format: no API calls, CloudWatch Logs extracts them from the log line.
 * Values are summed per invocation, so the Sum statistic is the count; one line per dimension combination.
 */
export function createMetrics(sink: MetricsSink, options: MetricsOptions): Metrics {
  const namespace = options.namespace ?? METRICS_NAMESPACE;
  const now = options.now ?? Date.now;
  const groups = new Map<string, Group>();
  const keyOf = (dimensions: Dimensions) =>
    JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
  // Most metrics carry only the fixed dimensions: their group key is worked out once.
  const baseKey = keyOf(options.dimensions);
  // The serialised EMF line minus its timestamp and values, per group and set of metrics: a webhook's one
  // line costs a string join, not a JSON document (ingest's CPU has a bar: docs/contracts.md#performance-bars).
  const templates = new Map<string, string>();

  const add = (name: string, value: number, unit: Unit, dimensions?: Dimensions) => {
    if (!Number.isFinite(value)) return;
    const extra = dimensions !== undefined && Object.keys(dimensions).length > 0;
    const all = extra ? { ...options.dimensions, ...dimensions } : options.dimensions;
    const key = extra ? keyOf(all) : baseKey;
    let group = groups.get(key);
    if (!group) {
      group = { dimensions: all, values: new Map() };
      groups.set(key, group);
    }
    const current = group.values.get(name);
    group.values.set(name, { unit, sum: (current?.sum ?? 0) + value });
  };

  const line = (key: string, group: Group, timestamp: number): string => {
    const metrics = [...group.values.entries()];
    const shape = `${key}|${metrics.map(([name, { unit }]) => `${name}:${unit}`).join(',')}`;
    let template = templates.get(shape);
    if (template === undefined) {
      const head = JSON.stringify(emfDocument(namespace, group, 0));
      // Everything after the timestamp, up to the dimensions (values are appended per line).
      const dimensionsJson = JSON.stringify(group.dimensions).slice(1, -1);
      template = head.slice(
        head.indexOf(',"CloudWatchMetrics"'),
        head.indexOf(dimensionsJson) + dimensionsJson.length,
      );
      templates.set(shape, template);
    }
    const values = metrics.map(([name, { sum }]) => `,${JSON.stringify(name)}:${sum}`).join('');
    return `{"_aws":{"Timestamp":${timestamp}${template}${values}}`;
  };

  return {
    count: (name, value = 1, dimensions) => add(name, value, 'Count', dimensions),
    time: (name, ms, dimensions) => add(name, ms, 'Milliseconds', dimensions),
    flush: () => {
      if (groups.size === 0) return;
      const timestamp = now();
      for (const [key, group] of groups) {
        if (typeof sink === 'function') sink(line(key, group, timestamp));
        else sink.info('metrics', emfDocument(namespace, group, timestamp));
      }
      groups.clear();
    },
  };
}

function emfDocument(namespace: string, group: Group, timestamp: number): Record<string, unknown> {
  const metrics = [...group.values.entries()];
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(group.dimensions)],
          Metrics: metrics.map(([name, { unit }]) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...group.dimensions,
    ...Object.fromEntries(metrics.map(([name, { sum }]) => [name, sum])),
  };
}

/** The `StatusClass` dimension of a Wix call: 429 on its own (rate limiting), the rest by hundreds. */
export function wixStatusClass(status: number): string {
  if (status === 429) return '429';
  return `${Math.min(Math.max(Math.floor(status / 100), 1), 5)}xx`;
}
