import type { Finding } from '../model/finding.js';
import type { Workload } from '../model/workload-schema.js';
import { type BaselineFigures, FIGURE_NAMES, type FigureName, figureOf } from './baseline-figures.js';

/** One figure on both sides: the AWS workload before the cutover and Azure now. */
export interface FigureComparison {
  readonly figure: FigureName;
  readonly aws: number | null;
  readonly azure: number | null;
  /** The change from AWS to Azure in percent (positive: higher on Azure); null when a side was not measured. */
  readonly changePercent: number | null;
  readonly thresholdPercent: number;
  readonly regressed: boolean;
}

/** The threshold a figure is held to, from the workload's `baseline.regressionPercent`. */
function thresholdOf(workload: Workload, figure: FigureName): number {
  const thresholds = workload.baseline.regressionPercent;
  if (figure.startsWith('latencyMilliseconds.')) return thresholds.latency;
  if (figure === 'requestsPerSecond') return thresholds.requests;
  return figure === 'cpuPercent' ? thresholds.cpu : thresholds.memory;
}

/**
 * Compares the Azure baseline with the AWS workload's figures before the
 * cutover, figure by figure. Latency, CPU and memory regress when Azure's is
 * higher by more than the figure's threshold; requests per second when
 * Azure's is lower by more than it (traffic that did not arrive). A figure
 * either side did not measure is compared with nothing and never regresses.
 *
 * @example
 * ```ts
 * const regressed = compareFigures(workload, awsFigures, azureFigures).filter((row) => row.regressed);
 * ```
 */
export function compareFigures(workload: Workload, aws: BaselineFigures, azure: BaselineFigures): FigureComparison[] {
  return FIGURE_NAMES.map((figure) => {
    const before = figureOf(aws, figure);
    const after = figureOf(azure, figure);
    const thresholdPercent = thresholdOf(workload, figure);
    if (before === null || after === null)
      return { figure, aws: before, azure: after, changePercent: null, thresholdPercent, regressed: false };
    const changePercent =
      before === 0 ? (after === 0 ? 0 : Number.POSITIVE_INFINITY) : ((after - before) / before) * 100;
    const worse = figure === 'requestsPerSecond' ? -changePercent : changePercent;
    return { figure, aws: before, azure: after, changePercent, thresholdPercent, regressed: worse > thresholdPercent };
  });
}

const UNITS: Record<FigureName, string> = {
  'latencyMilliseconds.average': 'ms',
  'latencyMilliseconds.p50': 'ms',
  'latencyMilliseconds.p95': 'ms',
  'latencyMilliseconds.p99': 'ms',
  requestsPerSecond: 'requests/s',
  cpuPercent: '%',
  memoryPercent: '%',
};

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * A `baseline-regression` warning for each regressed figure, naming both
 * figures, the change and the threshold.
 *
 * @example
 * ```ts
 * findings.push(...regressionFindings(compareFigures(workload, aws, azure)));
 * ```
 */
export function regressionFindings(comparisons: readonly FigureComparison[]): Finding[] {
  return comparisons
    .filter((row) => row.regressed)
    .map((row) => {
      const unit = UNITS[row.figure];
      const change =
        row.changePercent === null ? '' : `${row.changePercent > 0 ? '+' : ''}${round(row.changePercent)} %`;
      return {
        severity: 'warning' as const,
        code: 'baseline-regression',
        message: `${row.figure} regressed after the migration: ${round(row.azure ?? 0)} ${unit} on Azure against ${round(row.aws ?? 0)} ${unit} on AWS before the cutover (${change}, threshold ${row.thresholdPercent} %)`,
      };
    });
}
