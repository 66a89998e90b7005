import { err } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import type { CostFigure } from '../spec/costs.js';
import { windowEnding } from './resource-kinds.js';

/** Name of the decommission record in the artifact store. */
export function decommissionRecordName(workloadId: string): string {
  return `decomkit/${workloadId}/decommission-record.json`;
}

/**
 * Clean up after deletion is confirmed: retire the workload's CMDB CIs
 * (linked to their Azure CIs), publish the decommission record, and show the
 * AWS cost for the workload tag since the delete date.
 */
export const cleanUpArtifacts = defineStep({
  id: 'clean-up-artifacts',
  item: 'artifacts',
  title: 'Update the CMDB, billing and documentation',
  needs: ['cmdb', 'costs', 'artifacts'],
  after: ['confirm-deletion'],
  plan: ({ workload, inventory, action, now }) => {
    const gates = [gate.itemVerified('deletion-check')];
    const record = {
      kind: 'decomkit.decommission-record',
      workload: workload.id,
      account: workload.source.accountId,
      regions: workload.source.regions,
      sunset: workload.sunset,
      target: workload.target,
      retiredResources: inventory.map((resource) => ({
        arn: resource.arn,
        type: resource.type,
        name: resource.name ?? null,
      })),
      plannedAt: now.toISOString(),
    };
    return {
      actions: [
        ...(workload.cmdb?.ciIds ?? []).map((ciId) =>
          action({
            kind: 'cmdb.retire',
            target: { ref: ciId },
            params: { ciId, azureCiIds: workload.cmdb?.azureCiIds ?? [] },
            gates,
          }),
        ),
        action({
          kind: 'artifact.put',
          target: { ref: decommissionRecordName(workload.id) },
          params: {
            name: decommissionRecordName(workload.id),
            contentType: 'application/json',
            body: JSON.stringify(record, null, 2),
          },
          gates,
        }),
      ],
      findings:
        workload.cmdb === undefined
          ? [{ severity: 'warning' as const, code: 'no-cmdb', message: 'the workload names no CMDB CIs to retire' }]
          : [],
    };
  },
  verify: async ({ ports, workload, actions, now }) => {
    const open = actions.filter((record) => record.status !== 'done');
    if (open.length > 0) return stillOpen(`${open.length} clean-up actions not done`);
    const items = [];
    for (const ciId of workload.cmdb?.ciIds ?? []) {
      const item = await ports.cmdb.getItem(ciId);
      if (item.isErr()) return err(item.error);
      if (item.value === null || !item.value.retired) return stillOpen(`CMDB CI ${ciId} is not retired`);
      items.push({ id: ciId, status: item.value.status, links: [...item.value.links] });
    }
    const tag = Object.entries(workload.source.select.tags ?? {})[0];
    const window = {
      start: new Date(Math.min(Date.parse(workload.sunset.deleteAt), now.getTime())).toISOString(),
      end: now.toISOString(),
    };
    const cost =
      tag === undefined
        ? null
        : await ports.costs.costByTag(
            { key: tag[0], value: tag[1] },
            window.start < window.end ? window : windowEnding(now, 24),
          );
    const record = actions.find((candidate) => candidate.action.kind === 'artifact.put');
    let figure: CostFigure | null = null;
    if (cost !== null) {
      if (cost.isErr()) return err(cost.error);
      figure = cost.value;
    }
    return verified(
      `${items.length} CMDB CIs retired; decommission record published${figure === null ? '' : `; AWS cost since deletion ${figure.amount} ${figure.currency}`}`,
      {
        configurationItems: items,
        decommissionRecord: record?.result ?? {},
        cost:
          figure === null
            ? null
            : {
                amount: figure.amount,
                currency: figure.currency,
                window: { start: figure.window.start, end: figure.window.end },
              },
      },
    );
  },
});
