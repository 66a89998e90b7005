import { type Checklist, createChecklist } from '../model/checklist.js';
import type { Workload } from '../model/workload-schema.js';
import { cleanUpArtifacts } from './clean-up-artifacts.js';
import { confirmCutoverTraffic } from './confirm-cutover-traffic.js';
import { confirmDeletion } from './confirm-deletion.js';
import { establishBaseline } from './establish-baseline.js';
import { exportAssessment } from './export-assessment.js';
import { finalBackups } from './final-backups.js';
import { finalizeCutover } from './finalize-cutover.js';
import { resetTtl } from './reset-ttl.js';
import { retireResources } from './retire-resources.js';
import { scheduleWafReview } from './schedule-waf-review.js';

/** Every standard step, in the seed's order. */
export const STANDARD_STEPS = [
  confirmCutoverTraffic,
  finalizeCutover,
  finalBackups,
  exportAssessment,
  retireResources,
  confirmDeletion,
  cleanUpArtifacts,
  resetTtl,
  establishBaseline,
  scheduleWafReview,
] as const;

/** The ports the standard checklist needs. */
export type StandardPorts = (typeof STANDARD_STEPS)[number]['needs'][number];

/**
 * The seed's checklist as standard steps, for a workload. Edit it like any
 * checklist (`insertAfter`, `replace`, `without`).
 *
 * @example
 * ```ts
 * const checklist = decommissionChecklist(workload).insertAfter('final-backups', notifyOwners);
 * const engine = createEngine({ checklist, providers: { ...awsSource(options), ...azureTarget(options) }, journal });
 * ```
 */
export function decommissionChecklist(workload: Workload): Checklist<StandardPorts> {
  return createChecklist<StandardPorts>(workload, [...STANDARD_STEPS]);
}
