/**
 * How one figure of a performance baseline is read for a resource type: the
 * metric, its statistic over the window, and how its unit becomes the
 * baseline's (milliseconds for latency, percent for CPU and memory).
 */
export interface BaselineMeasure {
  readonly metric: string;
  /** The metric namespace when it is not the resource type's own (CloudWatch `CWAgent`). */
  readonly namespace?: string;
  readonly statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum';
  /** What one unit of the metric is in the baseline's unit: 1000 for a latency in seconds. Default 1. */
  readonly scale?: number;
  /** The figure is 100 minus the metric: memory used from `Available Memory Percentage`. */
  readonly complement?: boolean;
}

/**
 * What a performance baseline reads for one resource type. A figure the
 * entry leaves out is "not measured" for that type, with the entry's `notes`
 * saying why where it helps; the baseline never invents one from another
 * metric.
 *
 * @example
 * ```ts
 * const appService: BaselineMetrics = {
 *   type: 'Microsoft.Web/sites',
 *   latency: { metric: 'HttpResponseTime', statistic: 'Average', scale: 1000, percentiles: true },
 *   requests: { metric: 'Requests', statistic: 'Sum' },
 *   notes: 'CPU and memory percentages are metrics of the App Service plan (Microsoft.Web/serverfarms)',
 * };
 * ```
 */
export interface BaselineMetrics {
  /** The resource type, compared case-insensitively (`Microsoft.Web/sites`, `AWS::EC2::Instance`). */
  readonly type: string;
  /**
   * Request latency, in milliseconds after `scale`. With `percentiles`, the
   * provider also answers p50 / p95 / p99 queries of this metric for the type
   * (CloudWatch natively, Azure from the workspace's request logs).
   */
  readonly latency?: BaselineMeasure & {
    readonly percentiles?: boolean;
    /** What one unit of the percentiles the provider answers is in milliseconds, when not `scale` (Azure's come from logs, in ms). */
    readonly percentileScale?: number;
  };
  /** Requests served: the window's total, reported per second. */
  readonly requests?: BaselineMeasure;
  /** CPU utilisation, percent. */
  readonly cpu?: BaselineMeasure;
  /** Memory utilisation, percent. */
  readonly memory?: BaselineMeasure;
  /** Why a figure is left out, for the baseline document. */
  readonly notes?: string;
}
