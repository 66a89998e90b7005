import { err } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import type { Finding } from '../model/finding.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';

/** Record key of a DNS record, for action refs. */
function recordRef(record: { zone: string; name: string; type: string }): string {
  return `${record.name}.${record.zone}/${record.type}`;
}

/** Restores each DNS record's original TTL (lowered for the cutover) and reads it back. */
export const resetTtl = defineStep({
  id: 'reset-ttl',
  item: 'ttl',
  title: 'Reset DNS TTLs to their original values',
  needs: ['dns'],
  plan: async ({ ports, workload, action }) => {
    const findings: Finding[] = [];
    const actions = [];
    for (const record of workload.dns) {
      const current = await ports.dns.getRecord(record);
      if (current.isErr()) return err(current.error);
      if (current.value === null) {
        findings.push({
          severity: 'blocking',
          code: 'dns-record-missing',
          message: `DNS record ${recordRef(record)} does not exist`,
        });
      } else if (current.value.ttl !== record.originalTtl) {
        actions.push(
          action({
            kind: 'dns.setTtl',
            target: { ref: recordRef(record) },
            params: {
              provider: record.provider,
              zone: record.zone,
              name: record.name,
              type: record.type,
              ttl: record.originalTtl,
              fromTtl: current.value.ttl,
            },
            gates: [gate.cutoverConfirmed()],
          }),
        );
      }
    }
    return { actions, findings };
  },
  verify: async ({ ports, workload }) => {
    const readBack = [];
    for (const record of workload.dns) {
      const current = await ports.dns.getRecord(record);
      if (current.isErr()) return err(current.error);
      if (current.value?.ttl !== record.originalTtl) {
        return stillOpen(
          `${recordRef(record)} has TTL ${current.value?.ttl ?? 'none'}, not the original ${record.originalTtl}`,
        );
      }
      readBack.push({ record: recordRef(record), ttl: current.value.ttl });
    }
    return verified(
      readBack.length === 0 ? 'no DNS records to reset' : `${readBack.length} TTLs read back at their original values`,
      { records: readBack },
    );
  },
});
