import { describe, expect, it } from 'vitest';
import { createLogger } from '#shared/log.ts';
import { createMetrics, METRIC, METRICS_NAMESPACE, wixStatusClass } from '#shared/observability/metrics.ts';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

function collect() {
  const lines: string[] = [];
  const metrics = createMetrics((line) => lines.push(line), {
    dimensions: { Stage: 'prod' },
    now: () => NOW,
  });
  const documents = () => lines.map((line) => JSON.parse(line) as EmfDocument);
  return { metrics, lines, documents };
}

/** What CloudWatch requires of an EMF document: every named dimension and metric is a root member. */
function expectValidEmf(document: EmfDocument): void {
  expect(typeof document._aws.Timestamp).toBe('number');
  for (const directive of document._aws.CloudWatchMetrics) {
    for (const dimension of directive.Dimensions.flat()) expect(typeof document[dimension]).toBe('string');
    for (const metric of directive.Metrics) expect(typeof document[metric.Name]).toBe('number');
  }
}

describe('EMF metrics', () => {
  it('writes one document per set of dimensions, in the Wixflow namespace, with the stage and summed values', () => {
    const { metrics, documents } = collect();

    metrics.count(METRIC.eventsAccepted);
    metrics.count(METRIC.eventsAccepted);
    metrics.count(METRIC.eventsRejected, 1, { Status: '401' });
    metrics.count(METRIC.eventsRejected, 1, { Status: '413' });
    metrics.count(METRIC.eventsRejected, 2, { Status: '401' });
    metrics.flush();

    expect(documents()).toEqual([
      {
        _aws: {
          Timestamp: NOW,
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [['Stage']],
              Metrics: [{ Name: 'EventsAccepted', Unit: 'Count' }],
            },
          ],
        },
        Stage: 'prod',
        EventsAccepted: 2,
      },
      expect.objectContaining({ Stage: 'prod', Status: '401', EventsRejected: 3 }),
      expect.objectContaining({ Stage: 'prod', Status: '413', EventsRejected: 1 }),
    ]);
    for (const document of documents()) expectValidEmf(document);
    expect(documents()[1]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Stage', 'Status']]);
  });

  it('keeps metrics of the same dimensions in one document, and times in milliseconds', () => {
    const { metrics, documents } = collect();

    metrics.count(METRIC.rateLimitWaits);
    metrics.time(METRIC.rateLimitWaitTime, 250);
    metrics.time(METRIC.rateLimitWaitTime, 750);
    metrics.flush();

    expect(documents()).toHaveLength(1);
    expect(documents()[0]).toMatchObject({ RateLimitWaits: 1, RateLimitWaitTime: 1000 });
    expect(documents()[0]?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'RateLimitWaits', Unit: 'Count' },
      { Name: 'RateLimitWaitTime', Unit: 'Milliseconds' },
    ]);
  });

  it('writes nothing when nothing was counted, and starts from zero after each flush', () => {
    const { metrics, lines, documents } = collect();

    metrics.flush();
    expect(lines).toEqual([]);

    metrics.count(METRIC.runs, 1, { Status: 'failed' });
    metrics.flush();
    metrics.count(METRIC.runs, 1, { Status: 'failed' });
    metrics.flush();
    metrics.flush();

    expect(documents().map((d) => d.Runs)).toEqual([1, 1]);
  });

  it('ignores a value that is not a finite number instead of writing a document CloudWatch rejects', () => {
    const { metrics, lines } = collect();

    metrics.time(METRIC.rateLimitWaitTime, Number.NaN);
    metrics.flush();

    expect(lines).toEqual([]);
  });

  it('through a logger, writes the document as an info line that still reads as EMF', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line), base: { service: 'wixflow-consumer' } });
    const metrics = createMetrics(log, { dimensions: { Stage: 'local' }, now: () => NOW });

    metrics.count(METRIC.wixCalls, 1, { StatusClass: '2xx' });
    metrics.flush();

    const line = JSON.parse(lines[0] ?? '{}') as EmfDocument;
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'metrics',
      service: 'wixflow-consumer',
      WixCalls: 1,
    });
    expectValidEmf(line);
  });
});

describe('wixStatusClass', () => {
  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [304, '3xx'],
    [400, '4xx'],
    [404, '4xx'],
    [429, '429'],
    [500, '5xx'],
    [503, '5xx'],
  ])('puts %i in %s', (status, statusClass) => {
    expect(wixStatusClass(status)).toBe(statusClass);
  });
});

describe('createMetrics line reuse', () => {
  it('writes the same JSON as a freshly built document, flush after flush, whatever the values', () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics((l) => lines.push(l), {
      dimensions: { Stage: 'prod' },
      now: () => 1_700_000_000_000,
    });

    // Act: the same shape twice with other values, then a shape with an extra dimension.
    metrics.count(METRIC.eventsAccepted);
    metrics.flush();
    metrics.count(METRIC.eventsAccepted, 3);
    metrics.time(METRIC.rateLimitWaitTime, 12.5);
    metrics.flush();
    metrics.count(METRIC.eventsAccepted, 2);
    metrics.flush();
    metrics.count(METRIC.eventsRejected, 1, { Status: '401' });
    metrics.flush();

    // Assess
    const documents = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(documents.map((d) => d.EventsAccepted ?? d.EventsRejected)).toEqual([1, 3, 2, 1]);
    expect(documents[1]).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'Wixflow',
            Dimensions: [['Stage']],
            Metrics: [
              { Name: 'EventsAccepted', Unit: 'Count' },
              { Name: 'RateLimitWaitTime', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      Stage: 'prod',
      EventsAccepted: 3,
      RateLimitWaitTime: 12.5,
    });
    expect(documents[3]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Dimensions: [['Stage', 'Status']] }] },
      Stage: 'prod',
      Status: '401',
    });
  });
});
