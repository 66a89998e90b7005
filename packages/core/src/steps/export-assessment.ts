import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';

/**
 * A static copy of the AWS Well-Architected review: every answer as JSON and
 * the lens report PDF in the artifact store, with a milestone to mark it.
 * The Well-Architected workload is found by the decomkit workload's id.
 */
export const exportAssessment = defineStep({
  id: 'export-assessment',
  item: 'backups',
  title: 'Export the AWS Well-Architected review',
  needs: ['assessment', 'artifacts'],
  plan: async ({ ports, workload, action }) => {
    const found = await ports.assessment.findWorkload(workload.id);
    return found.map((assessment) =>
      assessment === null
        ? {
            actions: [],
            findings: [
              {
                severity: 'blocking' as const,
                code: 'no-assessment',
                message: `no Well-Architected workload named "${workload.id}" to export`,
              },
            ],
          }
        : {
            actions: [
              action({
                kind: 'assessment.export',
                target: { ref: assessment.id },
                params: { workloadId: assessment.id, lenses: [...assessment.lenses] },
                gates: [gate.cutoverConfirmed()],
              }),
            ],
          },
    );
  },
  verify: ({ actions }) => {
    const exported = actions[0];
    if (exported === undefined || exported.status !== 'done')
      return stillOpen('the Well-Architected review is not exported yet');
    return verified('Well-Architected answers and lens report exported', exported.result ?? {});
  },
});
