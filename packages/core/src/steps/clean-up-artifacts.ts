import { err } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import type { CostFigure } from '../spec/costs.js';
import { configurationItemsOfResources, foundByCloudIdFinding } from './configuration-items-by-cloud-id.js';

/** Name of the decommission record in the artifact store. */
export function decommissionRecordName(workloadId: string): string {
  return `decomkit/${workloadId}/decommission-record.json`;
}

/**
 * Clean up after deletion is confirmed: retire the workload's CMDB CIs
 * (linked to their Azure CIs), and the CIs that carry the cloud id of a
 * resource in scope (`cmdb.findByCloudIds`: what is actually deleted),
 * publish the decommission record, and show the AWS cost for the workload tag
 * since the delete date. A CI found for a cloud id not in scope, or one of the
 * workload's Azure CIs, is never retired; a CMDB that cannot be searched keeps
 * the item open (a blocking finding).
 */
export const cleanUpArtifacts = defineStep({
  id: 'clean-up-artifacts',
  item: 'artifacts',
  title: 'Update the CMDB, billing and documentation',
  needs: ['cmdb', 'costs', 'artifacts'],
  after: ['confirm-deletion'],
  plan: async ({ workload, inventory, ports, action, now }) => {
    const gates = [gate.itemVerified('deletion-check')];
    const listed = workload.cmdb?.ciIds ?? [];
    const azureCiIds = workload.cmdb?.azureCiIds ?? [];
    // A CMDB that cannot be searched does not stop the whole plan: the listed CIs are planned, and the
    // item stays open (blocking) until a plan that could search it, since it would miss deleted resources' CIs.
    const search = await configurationItemsOfResources(ports.cmdb, inventory, new Set([...listed, ...azureCiIds]));
    const found = search.isOk() ? search.value : [];
    const retire = (ciId: string) =>
      action({ kind: 'cmdb.retire', target: { ref: ciId }, params: { ciId, azureCiIds }, gates });
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
        ...listed.map(retire),
        ...found.map(({ item }) => retire(item.id)),
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
      findings: [
        ...(workload.cmdb === undefined
          ? [{ severity: 'warning' as const, code: 'no-cmdb', message: 'the workload names no CMDB CIs to retire' }]
          : []),
        ...found.map(foundByCloudIdFinding),
        ...(search.isErr()
          ? [
              {
                severity: 'blocking' as const,
                code: 'cmdb-search-failed',
                message: `the CMDB could not be searched for the CIs of the resources in scope (${search.error.code}: ${search.error.message}): only the listed CIs are planned; plan again once it can be`,
              },
            ]
          : []),
      ],
    };
  },
  verify: async ({ ports, workload, actions, now }) => {
    const open = actions.filter((record) => record.status !== 'done');
    if (open.length > 0) return stillOpen(`${open.length} clean-up actions not done`);
    const items = [];
    const retiring = actions.filter((record) => record.action.kind === 'cmdb.retire');
    for (const ciId of new Set([
      ...(workload.cmdb?.ciIds ?? []),
      ...retiring.map((record) => record.action.target.ref),
    ])) {
      const item = await ports.cmdb.getItem(ciId);
      if (item.isErr()) return err(item.error);
      if (item.value === null || !item.value.retired) return stillOpen(`CMDB CI ${ciId} is not retired`);
      items.push({ id: ciId, status: item.value.status, links: [...item.value.links] });
    }
    const tag = Object.entries(workload.source.select.tags ?? {})[0];
    // Cost Explorer counts whole days: the cost since deletion is measurable once the deletion day is over.
    const deletedOn = new Date(workload.sunset.deleteAt).toISOString().slice(0, 10);
    const measurable = now.toISOString().slice(0, 10) > deletedOn;
    const cost =
      tag === undefined || !measurable
        ? null
        : await ports.costs.costByTag(
            { key: tag[0], value: tag[1] },
            { start: new Date(workload.sunset.deleteAt).toISOString(), end: now.toISOString() },
          );
    const record = actions.find((candidate) => candidate.action.kind === 'artifact.put');
    let figure: CostFigure | null = null;
    if (cost !== null) {
      if (cost.isErr()) return err(cost.error);
      figure = cost.value;
    }
    return verified(
      `${items.length} CMDB CIs retired; decommission record published${costSummary(figure, tag !== undefined && !measurable, deletedOn)}`,
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

function costSummary(figure: CostFigure | null, notYet: boolean, deletedOn: string): string {
  if (figure !== null) return `; AWS cost since deletion ${figure.amount} ${figure.currency}`;
  return notYet ? `; AWS cost since deletion measurable after ${deletedOn} (Cost Explorer counts whole days)` : '';
}
