/**
 * Two steps written with `defineStep`, the way a team writes its own: back up
 * every EC2 instance in scope, then retire it (stop at the stop date, delete
 * at the delete date after approval), lifting termination protection only
 * where the workload's policy allows.
 */
import {
  backupParams,
  type Checklist,
  createChecklist,
  defineStep,
  gate,
  stillOpen,
  verified,
  type Workload,
} from '@decomkit/core';

const INSTANCE = 'AWS::EC2::Instance';

/** Backs up every instance in scope and waits until each backup is COMPLETED. */
export const snapshotInstances = defineStep({
  id: 'snapshot-instances',
  item: 'backups',
  title: 'Back up every EC2 instance',
  needs: ['inventory', 'backups'],
  plan: ({ inventory, workload, action }) => ({
    actions: inventory
      .filter((resource) => resource.type === INSTANCE && resource.tags !== null)
      .map((resource) =>
        action({
          kind: 'backup.create',
          target: {
            ref: resource.arn,
            arn: resource.arn,
            resourceType: resource.type,
            accountId: resource.accountId,
            region: resource.region,
          },
          params: backupParams(workload, resource),
        }),
      ),
  }),
  verify: ({ actions }) => {
    const pending = actions.filter((record) => record.status !== 'done');
    if (pending.length > 0) return stillOpen(`${pending.length} backups not completed`);
    const points = actions.map((record) => String(record.result?.recoveryPointArn));
    return verified(`${points.length} recovery points COMPLETED`, { recoveryPoints: points });
  },
});

/** Stops, then deletes, every instance in scope; unreadable tags are reported, never touched. */
export const retireInstances = defineStep({
  id: 'retire-instances',
  item: 'retire',
  title: 'Stop, then terminate, every EC2 instance',
  needs: ['inventory', 'retirement'],
  after: ['snapshot-instances'],
  plan: ({ inventory, workload, action, keyOf }) => {
    const actions = [];
    const findings = [];
    for (const resource of inventory) {
      if (resource.tags === null) {
        findings.push({
          severity: 'blocking' as const,
          code: 'tags-unreadable',
          message: `the tags of ${resource.arn} cannot be read: not touched`,
          resource: resource.arn,
        });
        continue;
      }
      if (resource.type !== INSTANCE) continue;
      const target = {
        ref: resource.arn,
        arn: resource.arn,
        resourceType: resource.type,
        accountId: resource.accountId,
        region: resource.region,
      };
      // A flag the provider did not read at discovery is 'unknown', which counts as on here (fail closed):
      // such an instance is blocked unless the policy allows lifting; the lift reads the flags at apply.
      const protectedResource = resource.protection.deletion !== false || resource.protection.stop !== false;
      const mayLift = workload.policies[INSTANCE]?.liftProtection === true;
      if (protectedResource && !mayLift) {
        findings.push({
          severity: 'blocking' as const,
          code: 'protected',
          message: `${resource.arn} is protected and the workload does not allow lifting it`,
          resource: resource.arn,
        });
        continue;
      }
      const { stopAt, deleteAt } = workload.sunset;
      const lift = keyOf('protection.lift', resource.arn);
      const stop = keyOf('resource.stop', resource.arn);
      // Protection is lifted as late as possible: before the stop when it blocks stopping, else before the delete.
      if (protectedResource) {
        const liftDate = resource.protection.stop !== false ? stopAt : deleteAt;
        actions.push(
          action({
            kind: 'protection.lift',
            target,
            gates: [gate.notBefore(liftDate), gate.backupCompleted(resource.arn), gate.approval('retire')],
          }),
        );
      }
      actions.push(
        action({
          kind: 'resource.stop',
          target,
          gates: [gate.notBefore(stopAt)],
          dependsOn: resource.protection.stop !== false ? [lift] : [],
        }),
      );
      actions.push(
        action({
          kind: 'resource.delete',
          target,
          dependsOn: protectedResource ? [stop, lift] : [stop],
          gates: [gate.backupCompleted(resource.arn), gate.notBefore(deleteAt), gate.approval('retire')],
        }),
      );
    }
    return { actions, findings };
  },
  verify: ({ actions }) => {
    const deleted = actions.filter(
      (record) => record.action.kind === 'resource.delete' && (record.status === 'done' || record.status === 'skipped'),
    );
    return verified(`${deleted.length} instances terminated`, {
      terminated: deleted.map((record) => record.action.target.ref),
    });
  },
});

/** A checklist of just these two steps, for a workload. */
export function retireInstancesChecklist(workload: Workload): Checklist<'inventory' | 'backups' | 'retirement'> {
  return createChecklist(workload, [snapshotInstances, retireInstances]);
}
