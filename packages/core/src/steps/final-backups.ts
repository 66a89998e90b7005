import { backupParams } from '../model/backup-params.js';
import { stillOpen, verified } from '../model/evidence.js';
import type { Finding } from '../model/finding.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import { backupRequired, backupSubjects, resourceTarget, typeTraitsOf } from './resource-kinds.js';

/**
 * A final backup of every in-scope resource whose type holds data (by the
 * inventory's resource type traits; AWS Backup, or a
 * native snapshot where the provider falls back), waited on until COMPLETED
 * (for at most `backups.timeoutHours`), kept `retainDays` past the deletion.
 */
export const finalBackups = defineStep({
  id: 'final-backups',
  item: 'backups',
  title: 'Take final backups',
  needs: ['inventory', 'backups'],
  plan: ({ inventory, workload, ports, action }) => {
    const findings: Finding[] = [];
    const traits = typeTraitsOf(ports.inventory.resourceTypes);
    // One backup per subject: an Aurora member is covered by its cluster's.
    const subjectOf = backupSubjects(inventory, traits);
    const byArn = new Map(inventory.map((resource) => [resource.arn, resource] as const));
    const subjects = new Set(
      inventory
        .filter((resource) => resource.tags !== null && backupRequired(resource, workload, traits))
        // No backup action for a type no method covers: retire-resources reports it (blocking) until waived.
        .filter((resource) => traits.named(resource.type)?.noBackupMethod === undefined)
        .map(subjectOf),
    );
    const actions = [...subjects].flatMap((arn) => {
      const subject = byArn.get(arn);
      return subject === undefined
        ? []
        : [
            action({
              kind: 'backup.create',
              target: resourceTarget(subject),
              params: backupParams(workload, subject),
              gates: [gate.cutoverConfirmed()],
            }),
          ];
    });
    for (const [type, policy] of Object.entries(workload.policies)) {
      if (policy.backup === 'none' && inventory.some((resource) => resource.type === type)) {
        findings.push({ severity: 'info', code: 'backup-waived', message: `the workload waives backups of ${type}` });
      }
    }
    return { actions, findings };
  },
  verify: ({ actions, workload }) => {
    const open = actions.filter((record) => record.status !== 'done');
    if (open.length > 0)
      return stillOpen(`${open.length} backups not COMPLETED (first: ${open[0]?.action.target.ref})`);
    const recoveryPoints = actions.map((record) => ({
      resource: record.action.target.ref,
      recoveryPoint: String(record.result?.recoveryPointArn ?? record.result?.snapshotArn ?? ''),
      status: String(record.result?.status ?? 'COMPLETED'),
    }));
    return verified(`${recoveryPoints.length} recovery points COMPLETED, kept ${workload.backups.retainDays} days`, {
      recoveryPoints,
      retainDays: workload.backups.retainDays,
    });
  },
});
