import { err, ok } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';

/** Months between Azure Well-Architected reviews. */
export const REVIEW_CADENCE_MONTHS = 6;

/** Name of the Advisor snapshot in the artifact store. */
export function advisorSnapshotName(workloadId: string): string {
  return `decomkit/${workloadId}/advisor-snapshot.json`;
}

/**
 * The Azure Well-Architected assessment: an Advisor snapshot per pillar as an
 * automated proxy, with Advisor's per-pillar scores where the provider reads
 * them (`advisor.scores`; otherwise the snapshot says they were not read),
 * stored with its hash, and a recurring review scheduled.
 */
export const scheduleWafReview = defineStep({
  id: 'schedule-waf-review',
  item: 'waf-assessment',
  title: 'Snapshot Azure Advisor and schedule the Well-Architected review',
  needs: ['advisor', 'cmdb', 'artifacts'],
  after: ['establish-baseline'],
  plan: async ({ ports, workload, action, now }) => {
    const recommendations = await ports.advisor.recommendations(workload.target.subscriptionId);
    if (recommendations.isErr()) return err(recommendations.error);
    const byPillar: Record<string, { high: number; medium: number; low: number; items: string[] }> = {};
    for (const recommendation of recommendations.value) {
      const pillar = byPillar[recommendation.pillar] ?? { high: 0, medium: 0, low: 0, items: [] };
      byPillar[recommendation.pillar] = pillar;
      if (recommendation.impact === 'High') pillar.high += 1;
      else if (recommendation.impact === 'Medium') pillar.medium += 1;
      else pillar.low += 1;
      pillar.items.push(`${recommendation.impact}: ${recommendation.summary} (${recommendation.resourceId})`);
    }
    const scores =
      typeof ports.advisor.scores === 'function'
        ? await ports.advisor.scores(workload.target.subscriptionId)
        : ok({ notMeasured: 'the advisor provider gives no Advisor scores' });
    if (scores.isErr()) return err(scores.error);
    const snapshot = {
      kind: 'decomkit.advisor-snapshot',
      workload: workload.id,
      subscriptionId: workload.target.subscriptionId,
      takenAt: now.toISOString(),
      pillars: byPillar,
      scores: scores.value,
    };
    const firstReviewAt = new Date(now.getTime());
    firstReviewAt.setUTCMonth(firstReviewAt.getUTCMonth() + REVIEW_CADENCE_MONTHS);
    const gates = [gate.itemVerified('baseline')];
    return {
      actions: [
        action({
          kind: 'artifact.put',
          target: { ref: advisorSnapshotName(workload.id) },
          params: {
            name: advisorSnapshotName(workload.id),
            contentType: 'application/json',
            body: JSON.stringify(snapshot, null, 2),
          },
          gates,
        }),
        action({
          kind: 'review.schedule',
          target: { ref: `waf-review:${workload.id}` },
          params: {
            workloadId: workload.id,
            ciId: workload.cmdb?.azureCiIds[0] ?? null,
            cadenceMonths: REVIEW_CADENCE_MONTHS,
            firstReviewAt: firstReviewAt.toISOString(),
          },
          gates,
        }),
      ],
    };
  },
  verify: ({ actions }) => {
    const open = actions.filter((record) => record.status !== 'done');
    if (open.length > 0) return stillOpen(`${open.map((record) => record.action.kind).join(', ')} not done`);
    const snapshot = actions.find((record) => record.action.kind === 'artifact.put');
    const review = actions.find((record) => record.action.kind === 'review.schedule');
    return verified(
      `Advisor snapshot stored; Well-Architected review every ${REVIEW_CADENCE_MONTHS} months scheduled`,
      {
        advisorSnapshot: snapshot?.result ?? {},
        review: review?.result ?? {},
      },
    );
  },
});
