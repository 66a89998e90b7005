/**
 * The demo: decommission a small fake workload end to end.
 *
 *   npm run demo
 *
 * It plans, applies until the run waits for the sunset dates, moves the fake
 * clock past them (as days passing would), resumes, and prints the seed's
 * checklist table with its evidence. Everything runs on @decomkit/fake; the
 * journal is a real file journal under .decomkit/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, defineWorkload, fileJournal, jsonReport, renderChecklist, renderPlan } from '@decomkit/core';
import { createFakeCloud, type InstanceSeed } from '@decomkit/fake';
import { retireInstancesChecklist } from './retire-instances-steps.js';

/** What the demo leaves behind. */
export interface DemoResult {
  readonly runId: string;
  readonly status: string;
  readonly reportPath: string;
  readonly terminated: readonly string[];
  readonly untouched: readonly string[];
}

const web = (index: number): InstanceSeed => ({
  id: `i-0web${index}`,
  name: `payments-web-${index}`,
  tags: { workload: 'payments', tier: 'web' },
});

/** Runs the demo, writing its journal and report under `directory`, printing through `log`. */
export async function runDemo(directory: string, log: (line: string) => void = console.log): Promise<DemoResult> {
  const cloud = createFakeCloud({
    accountAlias: 'payments-prod',
    now: '2026-11-26T09:00:00Z',
    source: {
      instances: [
        ...Array.from({ length: 8 }, (_, index) => web(index + 1)),
        { id: 'i-0api1', name: 'payments-api-1', tags: { workload: 'payments', tier: 'api' } },
        {
          id: 'i-0db1',
          name: 'payments-db-1',
          tags: { workload: 'payments', tier: 'db' },
          terminationProtection: true,
        },
        { id: 'i-0batch1', name: 'payments-batch', tags: { workload: 'payments' }, tagsReadable: false },
        { id: 'i-0stg1', name: 'payments-staging', tags: { workload: 'payments-staging' } },
        { id: 'i-0use1', name: 'payments-dr', tags: { workload: 'payments' }, region: 'us-east-1' },
        { id: 'i-0bill1', name: 'billing-web', tags: { workload: 'billing' } },
      ],
    },
  });
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
    policies: { 'AWS::EC2::Instance': { liftProtection: true } },
    guards: { requiredAccountAlias: 'payments-prod' },
  });
  if (workload.isErr()) throw new Error(workload.error.message);

  const engine = createEngine({
    checklist: retireInstancesChecklist(workload.value),
    providers: cloud.providers,
    journal: fileJournal(join(directory, 'journal')),
    concurrency: 8,
  });
  if (engine.isErr()) throw new Error(engine.error.message);
  const approve = ({ name }: { name: string }) => {
    log(`  (approval "${name}" granted by the demo operator)`);
    return true;
  };

  const plan = await engine.value.plan();
  if (plan.isErr()) throw new Error(plan.error.message);
  log(renderPlan(plan.value));
  log(`\nPlanning made ${cloud.calls.mutating().length} changes (${cloud.calls.all().length} read calls).`);

  log(`\n── Apply on ${cloud.clock.now().toISOString().slice(0, 10)} ──`);
  const first = await engine.value.apply(plan.value, { approve });
  if (first.isErr()) throw new Error(first.error.message);
  const waiting = first.value.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.status === 'waiting');
  log(
    `Run ${first.value.runId}: ${first.value.status}; ${first.value.counts.done} actions done, ${waiting.length} waiting (${waiting[0]?.reason ?? '-'}).`,
  );

  for (const day of ['2026-12-01T09:00:00Z', '2026-12-15T09:00:00Z']) {
    cloud.clock.set(day);
    log(`\n── Resume on ${day.slice(0, 10)} ──`);
    const resumed = await engine.value.resume(first.value.runId, { approve });
    if (resumed.isErr()) throw new Error(resumed.error.message);
    log(
      `Run ${resumed.value.runId}: ${resumed.value.status}; ${resumed.value.counts.done} actions done, ${resumed.value.counts.waiting} waiting.`,
    );
  }

  const final = await engine.value.status(first.value.runId);
  if (final.isErr()) throw new Error(final.error.message);
  log(`\n${renderChecklist(final.value)}`);
  const reportPath = join(directory, 'reports', `${final.value.runId}.json`);
  await mkdir(join(directory, 'reports'), { recursive: true });
  await writeFile(reportPath, `${JSON.stringify(jsonReport(final.value, cloud.clock.now()), null, 2)}\n`);
  log(`\nJournal: ${join(directory, 'journal', `${final.value.runId}.jsonl`)}\nReport:  ${reportPath}`);
  const instances = cloud.source.instances();
  return {
    runId: final.value.runId,
    status: final.value.status,
    reportPath,
    terminated: instances.filter((instance) => instance.state === 'terminated').map((instance) => instance.id),
    untouched: instances.filter((instance) => instance.state === 'running').map((instance) => instance.id),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runDemo('.decomkit');
  console.log(`\nTerminated: ${result.terminated.join(', ')}\nUntouched:  ${result.untouched.join(', ')}`);
}
