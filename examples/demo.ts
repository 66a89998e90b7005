/**
 * The demo: decommission a realistic fake workload with the standard checklist.
 *
 *   npm run demo
 *
 * It plans, applies until the run waits for the sunset dates, moves the fake
 * clock past them (as days passing would), resumes, shows the resource no
 * handler supports keeping "Retire AWS resources" open, records its exception
 * and resumes, and prints the seed's checklist table with its evidence. Everything runs on @decomkit/fake; the
 * journal is a real file journal under .decomkit/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ApprovalRequest,
  createEngine,
  decommissionChecklist,
  fileJournal,
  jsonReport,
  type RunReport,
  renderChecklist,
  renderPlan,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { DEMO_GLUE_JOB, demoSeed, demoWorkload } from './demo-world.js';

/** What the demo leaves behind. */
export interface DemoResult {
  readonly runId: string;
  readonly status: string;
  readonly reportPath: string;
  readonly report: RunReport;
  readonly resourcesInScope: number;
  readonly instances: Readonly<Record<string, string>>;
}

/** Runs the demo, writing its journal and report under `directory`, printing through `log`. */
export async function runDemo(directory: string, log: (line: string) => void = console.log): Promise<DemoResult> {
  const cloud = createFakeCloud(demoSeed('2026-11-26T09:00:00Z'));
  const engine = createEngine({
    checklist: decommissionChecklist(demoWorkload()),
    providers: cloud.providers,
    journal: fileJournal(join(directory, 'journal')),
    concurrency: 8,
  });
  if (engine.isErr()) throw new Error(engine.error.message);
  const approve = ({ name, covers }: ApprovalRequest) => {
    const kinds = Object.entries(covers.byKind).map(([kind, count]) => `${count} ${kind}`);
    log(`  (approval "${name}" for ${covers.total} actions — ${kinds.join(', ')} — granted by the demo operator)`);
    return true;
  };
  const summary = (run: RunReport) => {
    const reasons = new Map<string, number>();
    for (const record of run.items.flatMap((item) => item.steps.flatMap((step) => step.actions))) {
      if (record.status === 'waiting' && record.reason !== null)
        reasons.set(record.reason, (reasons.get(record.reason) ?? 0) + 1);
    }
    // Gate reasons (dates, approvals) first: the dependency waits follow from them.
    const rank = ([reason, count]: [string, number]) => (/^waits (until|for approval)/.test(reason) ? 1e6 : 0) + count;
    const top = [...reasons].sort((left, right) => rank(right) - rank(left)).slice(0, 2);
    const why = top.length === 0 ? '' : ` (${top.map(([reason, count]) => `${count} ${reason}`).join('; ')})`;
    return `run ${run.status}: ${run.counts.done} actions done, ${run.counts.skipped} skipped (already gone), ${run.counts.waiting} waiting${why}`;
  };

  const plan = await engine.value.plan();
  if (plan.isErr()) throw new Error(plan.error.message);
  log(renderPlan(plan.value, { actionsPerKind: 3 }));
  log(`\nPlanning made ${cloud.calls.mutating().length} changes (${cloud.calls.all().length} read calls).`);

  log(`\n── Apply on ${cloud.clock.now().toISOString().slice(0, 10)} ──`);
  const first = await engine.value.apply(plan.value, { approve });
  if (first.isErr()) throw new Error(first.error.message);
  log(summary(first.value));

  for (const day of ['2026-12-01T09:00:00Z', '2026-12-15T09:00:00Z', '2026-12-15T10:00:00Z']) {
    cloud.clock.set(day);
    log(`\n── Resume on ${day.slice(0, 16).replace('T', ' ')} ──`);
    const resumed = await engine.value.resume(first.value.runId, { approve });
    if (resumed.isErr()) throw new Error(resumed.error.message);
    log(summary(resumed.value));
  }

  // Fail closed: the Glue job has no handler, so "Retire AWS resources" stays open and names it. It
  // stays on purpose (finance still runs it): the operator records the exception, and the run resumes.
  const open = await engine.value.status(first.value.runId);
  if (open.isErr()) throw new Error(open.error.message);
  const retire = open.value.items.find((item) => item.item === 'retire');
  log(`\n"${retire?.title}" is open: ${retire?.reasons.join('; ')}`);
  const exception = {
    arn: DEMO_GLUE_JOB,
    reason: 'finance still runs the ledger export; it moves with the finance workload',
    approvedBy: 'finance-platform-lead@example.com',
  };
  log(`\n── Record the exception and resume ──\n  ${exception.arn}: ${exception.reason} (${exception.approvedBy})`);
  const excepted = await engine.value.resume(first.value.runId, { approve, exceptions: [exception] });
  if (excepted.isErr()) throw new Error(excepted.error.message);
  log(summary(excepted.value));

  const final = await engine.value.status(first.value.runId);
  if (final.isErr()) throw new Error(final.error.message);
  log(`\n${renderChecklist(final.value)}`);
  const reportPath = join(directory, 'reports', `${final.value.runId}.json`);
  await mkdir(join(directory, 'reports'), { recursive: true });
  await writeFile(reportPath, `${JSON.stringify(jsonReport(final.value, cloud.clock.now()), null, 2)}\n`);
  const instances = cloud.source.instances();
  const untouched = instances
    .filter((instance) => instance.state === 'running')
    .map((instance) => `${instance.id} (${instance.tags.workload ?? '?'}, ${instance.region})`);
  log(
    `\nRetired: ${instances.filter((instance) => instance.state === 'terminated').length} instances, the Auto Scaling group, load balancer, target groups, volumes, address, security groups, AMI and databases.`,
  );
  log(`Untouched: ${untouched.join(', ')}; and the Glue job, kept by its recorded exception.`);
  log(`\nJournal: ${join(directory, 'journal', `${final.value.runId}.jsonl`)}\nReport:  ${reportPath}`);
  return {
    runId: final.value.runId,
    status: final.value.status,
    reportPath,
    report: final.value,
    resourcesInScope: plan.value.inventory.length,
    instances: Object.fromEntries(instances.map((instance) => [instance.id, instance.state])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runDemo('.decomkit');
}
