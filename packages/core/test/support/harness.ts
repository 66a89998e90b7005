import { createEngine, type EngineEvent, memoryJournal, type Workload } from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed, type InstanceSeed } from '@decomkit/fake';
import { retireInstancesChecklist } from '../../../../examples/retire-instances-steps.js';
import { paymentsWorkload } from './workloads.js';

/** Instances tagged for the payments workload. */
export function paymentsInstances(count: number, extra: Partial<InstanceSeed> = {}): InstanceSeed[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `i-pay${index}`,
    tags: { workload: 'payments' },
    ...extra,
  }));
}

/** A fake cloud, a memory journal and an engine over the two example steps, with every event recorded. */
export function retireHarness(seed: FakeCloudSeed, workload: Workload = paymentsWorkload(), concurrency = 4) {
  const cloud = createFakeCloud(seed);
  const journal = memoryJournal();
  const events: EngineEvent[] = [];
  const engine = createEngine({
    checklist: retireInstancesChecklist(workload),
    providers: cloud.providers,
    journal,
    concurrency,
    random: () => 0.5,
    onEvent: (event) => events.push(event),
  })._unsafeUnwrap();
  return { cloud, journal, engine, events, workload };
}

/** The fake clock past the payments workload's delete date. */
export const AFTER_DELETE_DATE = '2026-12-16T00:00:00Z';

/** The instance ids a list of fake EC2 calls acted on (a batched call names several). */
export function instanceIdsIn(calls: readonly { target: string | null }[]): string[] {
  return calls.flatMap((call) => (call.target ?? '').split(',').filter((id) => id.length > 0));
}
