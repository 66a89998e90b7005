import { okAsync, type ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { Resource } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';
import type { MetricsPort, TimeWindow } from '../spec/metrics.js';
import {
  type BaselineFigures,
  catalogueEntry,
  type MeasuredResource,
  measureBaseline,
  workloadFigures,
} from './baseline-figures.js';
import { windowEnding } from './resource-kinds.js';

/** Hours of AWS figures before the cutover that the Azure baseline is compared with (the same week). */
const WINDOW_HOURS = 7 * 24;

/** The AWS workload's figures over the week before the cutover, or why there are none. */
export type AwsBaseline =
  | {
      readonly window: TimeWindow;
      readonly resources: readonly MeasuredResource[];
      readonly figures: BaselineFigures;
      /** Types in scope the `sourceMetrics` catalogue knows no metrics for (their resources are left out). */
      readonly typesNotMeasured: readonly string[];
    }
  | { readonly notMeasured: string };

/**
 * Measures the in-scope AWS resources of the types the `sourceMetrics`
 * catalogue knows, over the week before `cutover.completedAt`. Without that
 * date, or with one not yet past, nothing is measured and the reason says so:
 * a regression is never judged against a window of the wrong traffic.
 *
 * @example
 * ```ts
 * const aws = await awsSide(ports.sourceMetrics, workload, inventory, now);
 * ```
 */
export function awsSide(
  port: MetricsPort,
  workload: Workload,
  inventory: readonly Resource[],
  now: Date,
): ResultAsync<AwsBaseline, DecomError> {
  const completedAt = workload.cutover.completedAt;
  if (completedAt === undefined)
    return okAsync({
      notMeasured:
        'no regression measured: the workload does not say when the cutover completed (cutover.completedAt), so there is no AWS window to compare with',
    });
  const end = new Date(completedAt);
  if (end.getTime() > now.getTime())
    return okAsync({ notMeasured: `no regression measured: cutover.completedAt ${completedAt} is in the future` });
  const known = inventory.filter((resource) => catalogueEntry(port, resource.type) !== undefined);
  const typesNotMeasured = [
    ...new Set(inventory.filter((resource) => !known.includes(resource)).map((resource) => resource.type)),
  ].sort();
  const window = windowEnding(end, WINDOW_HOURS);
  return measureBaseline(
    port,
    known.map((resource) => ({ id: resource.arn, type: resource.type })),
    window,
  ).map((resources) => ({ window, resources, figures: workloadFigures(resources), typesNotMeasured }));
}
