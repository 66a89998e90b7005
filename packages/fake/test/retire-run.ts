import { createEngine, defineWorkload, memoryJournal } from '@decomkit/core';
import type { FakeCloud } from '@decomkit/fake';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';

/** The payments workload: tagged `workload: payments`, stop on 2026-12-01, delete on 2026-12-15. */
export function paymentsWorkload() {
  return defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-payments'] },
    dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
  })._unsafeUnwrap();
}

/** An engine over the example's two steps (back up, then stop and terminate every instance) on `cloud`. */
export function retireEngine(cloud: FakeCloud) {
  return createEngine({
    checklist: retireInstancesChecklist(paymentsWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
}
