import { defineWorkload, type Workload, type WorkloadInput } from '@decomkit/core';

/** A valid workload input; tests override fields. */
export const paymentsInput: WorkloadInput = {
  id: 'payments',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-payments'] },
  dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { vault: 'decom-archive', retainDays: 365 },
};

/** The payments workload, validated. */
export function paymentsWorkload(overrides: Partial<WorkloadInput> = {}): Workload {
  return defineWorkload({ ...paymentsInput, ...overrides })._unsafeUnwrap();
}
