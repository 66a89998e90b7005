import { err } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import { sha256 } from '../util/hash.js';
import { awsSide } from './baseline-aws-side.js';
import { measureBaseline, workloadFigures } from './baseline-figures.js';
import { compareFigures, regressionFindings } from './baseline-regressions.js';
import { windowEnding } from './resource-kinds.js';

/** Hours of Azure Monitor data the baseline summarises. */
export const BASELINE_WINDOW_HOURS = 7 * 24;

/** Name of the baseline document in the artifact store. */
export function baselineName(workloadId: string): string {
  return `decomkit/${workloadId}/azure-baseline.json`;
}

/**
 * The new performance baseline in Azure, and what regressed since AWS.
 *
 * Each target resource is measured over the last week with the metrics the
 * `targetMetrics` provider's catalogue names for its type (`baselineMetrics`:
 * latency with its percentiles, requests per second, CPU and memory); a
 * figure it cannot measure is recorded as not measured, with the reason.
 * When the workload says when the cutover completed (`cutover.completedAt`),
 * the AWS resources in scope are measured the same way from `sourceMetrics`
 * over the week before it (CloudWatch keeps them for 15 months, so this works
 * after they are retired too), and each workload figure worse on Azure by more
 * than its threshold (`baseline.regressionPercent`, default 20 %) is a
 * `baseline-regression` warning naming both figures. The document, with both
 * sides and the comparison, is stored with its hash.
 */
export const establishBaseline = defineStep({
  id: 'establish-baseline',
  item: 'baseline',
  title: 'Record the Azure performance baseline',
  needs: ['targetResources', 'targetMetrics', 'sourceMetrics', 'artifacts'],
  plan: async ({ ports, workload, inventory, action, now }) => {
    const window = windowEnding(now, BASELINE_WINDOW_HOURS);
    const resources = await ports.targetResources.list({
      subscriptionId: workload.target.subscriptionId,
      resourceGroups: workload.target.resourceGroups,
      query: workload.target.resourceGraphQuery,
    });
    if (resources.isErr()) return err(resources.error);
    const azure = await measureBaseline(ports.targetMetrics, resources.value, window);
    if (azure.isErr()) return err(azure.error);
    const azureFigures = workloadFigures(azure.value);
    const aws = await awsSide(ports.sourceMetrics, workload, inventory, now);
    if (aws.isErr()) return err(aws.error);
    const comparison = 'figures' in aws.value ? compareFigures(workload, aws.value.figures, azureFigures) : [];
    const baseline = {
      kind: 'decomkit.azure-baseline',
      version: 2,
      workload: workload.id,
      window,
      resources: azure.value,
      figures: azureFigures,
      aws: aws.value,
      comparison,
    };
    const body = JSON.stringify(baseline, null, 2);
    return {
      actions: [
        action({
          kind: 'artifact.put',
          target: { ref: baselineName(workload.id) },
          params: { name: baselineName(workload.id), contentType: 'application/json', body },
          gates: [gate.cutoverConfirmed()],
        }),
      ],
      findings: [
        ...(resources.value.length === 0
          ? [
              {
                severity: 'blocking' as const,
                code: 'no-target-resources',
                message: 'no Azure resources found for the target: nothing to baseline',
              },
            ]
          : []),
        ...('notMeasured' in aws.value
          ? [{ severity: 'info' as const, code: 'regression-not-measured', message: aws.value.notMeasured }]
          : regressionFindings(comparison)),
      ],
    };
  },
  verify: async ({ ports, workload, actions }) => {
    if (actions.some((record) => record.status !== 'done')) return stillOpen('the baseline document is not stored yet');
    const stored = await ports.artifacts.get(baselineName(workload.id));
    return stored.map((body) =>
      body === null
        ? stillOpen(`${baselineName(workload.id)} is missing from the artifact store`)
        : verified(`Azure baseline stored (sha256 ${sha256(body).slice(0, 12)})`, {
            name: baselineName(workload.id),
            sha256: sha256(body),
            bytes: body.byteLength,
          }),
    );
  },
});
