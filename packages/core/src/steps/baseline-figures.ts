import { okAsync, type ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { BaselineMeasure, BaselineMetrics } from '../spec/baseline-metrics.js';
import type { MetricQuery, MetricSeries, MetricsPort, TimeWindow } from '../spec/metrics.js';
import { total } from './resource-kinds.js';

/** The figures of a baseline, per resource and for the workload. */
export interface BaselineFigures {
  readonly latencyMilliseconds: {
    readonly average: number | null;
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
  };
  readonly requestsPerSecond: number | null;
  readonly cpuPercent: number | null;
  readonly memoryPercent: number | null;
}

/** The name of one figure, as the baseline document and its findings spell it. */
export type FigureName =
  | 'latencyMilliseconds.average'
  | 'latencyMilliseconds.p50'
  | 'latencyMilliseconds.p95'
  | 'latencyMilliseconds.p99'
  | 'requestsPerSecond'
  | 'cpuPercent'
  | 'memoryPercent';

/** One resource's figures, and why each missing one was not measured. */
export interface MeasuredResource extends BaselineFigures {
  readonly id: string;
  readonly type: string;
  readonly notMeasured: Readonly<Partial<Record<FigureName, string>>>;
}

type Percentile = 'p50' | 'p95' | 'p99';
const PERCENTILES: readonly Percentile[] = ['p50', 'p95', 'p99'];

/** One query a figure needs: its statistic and how its values become the figure. */
interface FigureQuery {
  readonly figure: FigureName;
  readonly measure: BaselineMeasure;
  readonly statistic: MetricQuery['statistic'];
  /** The unit of a percentile answer, when not the measure's. */
  readonly percentileScale?: number;
}

function queriesOf(entry: BaselineMetrics): FigureQuery[] {
  const latency = entry.latency;
  return [
    ...(latency === undefined
      ? []
      : [
          { figure: 'latencyMilliseconds.average' as const, measure: latency, statistic: latency.statistic },
          ...(latency.percentiles === true
            ? PERCENTILES.map((percentile) => ({
                figure: `latencyMilliseconds.${percentile}` as const,
                measure: latency,
                statistic: percentile,
                ...(latency.percentileScale === undefined ? {} : { percentileScale: latency.percentileScale }),
              }))
            : []),
        ]),
    ...(entry.requests === undefined
      ? []
      : [{ figure: 'requestsPerSecond' as const, measure: entry.requests, statistic: entry.requests.statistic }]),
    ...(entry.cpu === undefined
      ? []
      : [{ figure: 'cpuPercent' as const, measure: entry.cpu, statistic: entry.cpu.statistic }]),
    ...(entry.memory === undefined
      ? []
      : [{ figure: 'memoryPercent' as const, measure: entry.memory, statistic: entry.memory.statistic }]),
  ];
}

/** Every figure name, in the baseline document's order. */
export const FIGURE_NAMES: readonly FigureName[] = [
  'latencyMilliseconds.average',
  'latencyMilliseconds.p50',
  'latencyMilliseconds.p95',
  'latencyMilliseconds.p99',
  'requestsPerSecond',
  'cpuPercent',
  'memoryPercent',
];

/** The catalogue entry of a type, compared case-insensitively (Resource Graph gives `microsoft.web/sites`). */
export function catalogueEntry(port: MetricsPort, type: string): BaselineMetrics | undefined {
  const lower = type.toLowerCase();
  return (Array.isArray(port.baselineMetrics) ? port.baselineMetrics : []).find(
    (entry) => entry.type.toLowerCase() === lower,
  );
}

/**
 * Measures each resource's baseline figures over a window, with the metrics
 * the port's catalogue names for its type, in one `query` call. Latency is in
 * milliseconds, requests per second over the whole window, CPU and memory in
 * percent. A figure is null, with the reason in `notMeasured`, when the type
 * is not in the catalogue or has no such metric, when the provider could not
 * measure it (`MetricSeries.notMeasured`), or when the window holds no
 * datapoint: a figure is never derived from another metric.
 *
 * @example
 * ```ts
 * measureBaseline(ports.targetMetrics, [{ id: siteId, type: 'Microsoft.Web/sites' }], window);
 * ```
 */
export function measureBaseline(
  port: MetricsPort,
  resources: readonly { readonly id: string; readonly type: string }[],
  window: TimeWindow,
): ResultAsync<MeasuredResource[], DecomError> {
  const planned = resources.map((resource, index) => {
    const entry = catalogueEntry(port, resource.type);
    const figures = entry === undefined ? [] : queriesOf(entry);
    return {
      resource,
      entry,
      figures: figures.map((figure, figureIndex) => ({
        ...figure,
        query: {
          id: `r${index}f${figureIndex}`,
          resource: resource.id,
          metric: figure.measure.metric,
          ...(figure.measure.namespace === undefined ? {} : { namespace: figure.measure.namespace }),
          statistic: figure.statistic,
        } satisfies MetricQuery,
      })),
    };
  });
  const queries = planned.flatMap((item) => item.figures.map((figure) => figure.query));
  const answered =
    queries.length === 0 ? okAsync<readonly MetricSeries[], DecomError>([]) : port.query(queries, window);
  const seconds = (Date.parse(window.end) - Date.parse(window.start)) / 1000;
  return answered.map((series) => {
    const byId = new Map(series.map((one) => [one.id, one]));
    return planned.map(({ resource, entry, figures }) => {
      const values: Partial<Record<FigureName, number>> = {};
      const notMeasured: Partial<Record<FigureName, string>> = {};
      for (const figure of FIGURE_NAMES) {
        const asked = figures.find((candidate) => candidate.figure === figure);
        if (asked === undefined) {
          notMeasured[figure] = missingReason(port, resource.type, entry, figure);
          continue;
        }
        const answer = byId.get(asked.query.id);
        if (answer?.notMeasured !== undefined) notMeasured[figure] = answer.notMeasured;
        else if (answer === undefined || answer.values.length === 0)
          notMeasured[figure] = `no datapoint of ${asked.measure.metric} (${asked.statistic}) in the window`;
        else values[figure] = figureValue(asked, answer.values, seconds);
      }
      const value = (figure: FigureName) => values[figure] ?? null;
      return {
        id: resource.id,
        type: resource.type,
        latencyMilliseconds: {
          average: value('latencyMilliseconds.average'),
          p50: value('latencyMilliseconds.p50'),
          p95: value('latencyMilliseconds.p95'),
          p99: value('latencyMilliseconds.p99'),
        },
        requestsPerSecond: value('requestsPerSecond'),
        cpuPercent: value('cpuPercent'),
        memoryPercent: value('memoryPercent'),
        notMeasured,
      };
    });
  });
}

function missingReason(
  port: MetricsPort,
  type: string,
  entry: BaselineMetrics | undefined,
  figure: FigureName,
): string {
  if (!Array.isArray(port.baselineMetrics)) return 'not measured: the metrics provider gives no baseline catalogue';
  if (entry === undefined) return `not measured: no baseline metrics are known for type ${type}`;
  const notes = entry.notes === undefined ? '' : ` (${entry.notes})`;
  if (figure.startsWith('latencyMilliseconds.') && entry.latency !== undefined)
    return `not measured: ${type} has no latency percentiles${notes}`;
  return `not measured: ${type} has no ${figure} metric${notes}`;
}

/** A figure from the values of its query over the window, in the baseline's unit. */
function figureValue(asked: FigureQuery, values: readonly number[], seconds: number): number {
  const percentileScale = asked.statistic.startsWith('p') ? asked.percentileScale : undefined;
  const scale = percentileScale ?? asked.measure.scale ?? 1;
  if (asked.figure === 'requestsPerSecond') return (total(values) * scale) / seconds;
  const mean = (total(values) / values.length) * scale;
  return asked.measure.complement === true ? 100 - mean : mean;
}

/**
 * The workload's figures from its resources': the slowest latency and the
 * busiest request rate among them (a load balancer and the servers behind it
 * count the same requests, so a sum would count them twice), the mean CPU
 * and memory. Null where no resource measured the figure.
 *
 * @example
 * ```ts
 * const azure = workloadFigures(await measureBaseline(ports.targetMetrics, targets, window));
 * ```
 */
export function workloadFigures(resources: readonly MeasuredResource[]): BaselineFigures {
  const present = (pick: (resource: MeasuredResource) => number | null) =>
    resources.map(pick).filter((value): value is number => value !== null);
  const max = (values: number[]) => (values.length === 0 ? null : Math.max(...values));
  const mean = (values: number[]) => (values.length === 0 ? null : total(values) / values.length);
  return {
    latencyMilliseconds: {
      average: max(present((resource) => resource.latencyMilliseconds.average)),
      p50: max(present((resource) => resource.latencyMilliseconds.p50)),
      p95: max(present((resource) => resource.latencyMilliseconds.p95)),
      p99: max(present((resource) => resource.latencyMilliseconds.p99)),
    },
    requestsPerSecond: max(present((resource) => resource.requestsPerSecond)),
    cpuPercent: mean(present((resource) => resource.cpuPercent)),
    memoryPercent: mean(present((resource) => resource.memoryPercent)),
  };
}

/** The value of a named figure. */
export function figureOf(figures: BaselineFigures, name: FigureName): number | null {
  switch (name) {
    case 'latencyMilliseconds.average':
      return figures.latencyMilliseconds.average;
    case 'latencyMilliseconds.p50':
      return figures.latencyMilliseconds.p50;
    case 'latencyMilliseconds.p95':
      return figures.latencyMilliseconds.p95;
    case 'latencyMilliseconds.p99':
      return figures.latencyMilliseconds.p99;
    default:
      return figures[name];
  }
}
