import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';
import type { BaselineMetrics } from './baseline-metrics.js';

/** One metric to read for one resource over a window. */
export interface MetricQuery {
  readonly id: string;
  /** ARN (CloudWatch) or Azure resource id (Azure Monitor). */
  readonly resource: string;
  readonly metric: string;
  readonly namespace?: string;
  readonly statistic: 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'p50' | 'p95' | 'p99';
  /**
   * Seconds per datapoint: the statistic is applied per period (CloudWatch
   * `Period`, Azure Monitor `interval`) and periods without data are left out.
   * Omitted: one value over the whole window.
   */
  readonly period?: number;
}

/** A window of time, ISO 8601 instants. */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

/** The values of one query over the window. */
export interface MetricSeries {
  readonly id: string;
  readonly timestamps: readonly string[];
  readonly values: readonly number[];
  /**
   * Why the provider could not measure this series at all (Azure Monitor
   * platform metrics have no percentiles, and no Log Analytics workspace was
   * given): the empty values then mean "not measured", not "no traffic".
   */
  readonly notMeasured?: string;
}

/** Ports `sourceMetrics` (CloudWatch) and `targetMetrics` (Azure Monitor): metric series, read-only. */
export interface MetricsPort extends PortBase {
  /**
   * What a performance baseline reads for each resource type this provider
   * knows (see {@link BaselineMetrics}). A resource of a type not listed,
   * or every resource when the list is absent, is "not measured".
   */
  readonly baselineMetrics?: readonly BaselineMetrics[];
  query(queries: readonly MetricQuery[], window: TimeWindow): ResultAsync<readonly MetricSeries[], DecomError>;
}
