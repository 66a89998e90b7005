import {
  createEngine,
  decommissionChecklist,
  defineWorkload,
  type JournalRecord,
  memoryJournal,
  type RunReport,
  type WorkloadException,
} from '@decomkit/core';
import { createFakeCloud, DEMO_GLUE_JOB, demoSeed, demoWorkloadInput } from '@decomkit/fake';

/** The demo's Glue job kept on purpose, as the `decomkit demo` command records it. */
export const demoGlueException: WorkloadException = {
  arn: DEMO_GLUE_JOB,
  reason: 'finance still runs the ledger export',
  approvedBy: 'finance-lead@example.com',
};

/** A run of the demo world on the fake cloud: its report and its journal records. */
export interface DemoRun {
  readonly report: RunReport;
  readonly records: readonly JournalRecord[];
}

/** The dates the demo resumes on: the stop date, the delete date, and an hour later (Config's lag). */
export const DEMO_DAYS = ['2026-12-01T09:00:00Z', '2026-12-15T09:00:00Z', '2026-12-15T10:00:00Z'] as const;

/**
 * The demo workload decommissioned with the standard checklist on the fake
 * cloud: applied on 2026-11-26, resumed on each of `days`, then, when
 * `exceptionsAtTheEnd` is given, resumed once more recording them.
 */
export async function demoRun(
  options: {
    readonly workloadExceptions?: readonly WorkloadException[];
    readonly days?: readonly string[];
    readonly exceptionsAtTheEnd?: readonly WorkloadException[];
  } = {},
): Promise<DemoRun> {
  const cloud = createFakeCloud(demoSeed('2026-11-26T09:00:00Z'));
  const workload = defineWorkload({
    ...demoWorkloadInput(),
    exceptions: [...(options.workloadExceptions ?? [])],
  })._unsafeUnwrap();
  const journal = memoryJournal();
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: cloud.providers,
    journal,
    concurrency: 8,
  })._unsafeUnwrap();
  const approve = () => true;
  const plan = (await engine.plan())._unsafeUnwrap();
  let report = (await engine.apply(plan, { approve }))._unsafeUnwrap();
  for (const day of options.days ?? []) {
    cloud.clock.set(day);
    report = (await engine.resume(report.runId, { approve }))._unsafeUnwrap();
  }
  if (options.exceptionsAtTheEnd !== undefined)
    report = (await engine.resume(report.runId, { approve, exceptions: options.exceptionsAtTheEnd }))._unsafeUnwrap();
  const records = (await journal.read(report.runId))._unsafeUnwrap();
  return { report, records };
}
