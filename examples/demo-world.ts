// The demo's world ships with the fake cloud (`demoSeed`, `demoWorkloadInput`), so the `decomkit demo`
// command and this example decommission the same workload.
import { defineWorkload, type Workload } from '@decomkit/core';
import { demoWorkloadInput } from '@decomkit/fake';

export { DEMO_GLUE_JOB, demoSeed } from '@decomkit/fake';

/** The workload the demo decommissions. */
export function demoWorkload(): Workload {
  const workload = defineWorkload(demoWorkloadInput());
  if (workload.isErr()) throw new Error(workload.error.message);
  return workload.value;
}
