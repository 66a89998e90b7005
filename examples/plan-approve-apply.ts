/**
 * Plan → review → approve → apply, with the plan, the approval and the journal
 * on disk, each stage with an engine of its own (as separate processes, or
 * separate people, would have):
 *
 *   pnpm tsx --conditions=source examples/plan-approve-apply.ts
 *
 * The planner writes plan.json (and plan.md for the reviewer); the reviewer
 * approves that plan by its hash; an edited plan is refused; the operator
 * applies the reviewed plan, whose approval callback accepts only an approval
 * naming that very plan; the run waits for its delete date and is resumed
 * from the journal later; an auditor verifies the journal.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ApprovalRequest,
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  fileJournal,
  finalBackups,
  type Plan,
  renderChecklist,
  renderPlan,
  retireResources,
  stillOpen,
  verified,
  verifyJournal,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';

const tags = { workload: 'payments' };

/** What the flow leaves behind, for its test. */
export interface PlanApproveApplyResult {
  readonly editedPlanRefusal: string;
  readonly firstStatus: string;
  readonly finalStatus: string;
  readonly instances: Readonly<Record<string, string>>;
  readonly journalLines: number;
}

/** Runs the flow under `directory`, printing through `log`. */
export async function planApproveApply(
  directory: string,
  log: (line: string) => void = console.log,
): Promise<PlanApproveApplyResult> {
  mkdirSync(directory, { recursive: true });
  const cloud = createFakeCloud({
    now: '2026-12-10T09:00:00Z',
    source: {
      instances: [
        { id: 'i-0a1b2c3d4e5f60001', tags, name: 'api-1' },
        { id: 'i-0a1b2c3d4e5f60002', tags, name: 'api-2' },
        { id: 'i-0a1b2c3d4e5f60003', tags: { workload: 'billing' }, name: 'billing-1' }, // a look-alike
      ],
    },
  });
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
  })._unsafeUnwrap();
  // The cutover, confirmed by the migration team in a file of its own (the standard checklist measures
  // it from CloudWatch instead: confirm-cutover-traffic).
  const cutoverPath = join(directory, 'cutover.json');
  writeFileSync(cutoverPath, JSON.stringify({ confirmedBy: 'migration-team@example.com', at: '2026-11-28' }));
  const cutover = defineStep({
    id: 'cutover-confirmed',
    item: 'cutover',
    title: 'The migration team confirmed the cutover',
    needs: [],
    plan: () => ({ actions: [] }),
    verify: () =>
      existsSync(cutoverPath)
        ? verified(`confirmed: ${readFileSync(cutoverPath, 'utf8')}`)
        : stillOpen('no cutover confirmation on file'),
  });
  // Each stage makes its own engine over the same journal directory.
  const engine = () =>
    createEngine({
      checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
      providers: cloud.providers,
      journal: fileJournal(join(directory, 'journal')),
    })._unsafeUnwrap();

  // 1. The planner: read-only, a hashed JSON document, and a readable rendering for the review.
  const planPath = join(directory, 'plan.json');
  const made = (await engine().plan())._unsafeUnwrap();
  writeFileSync(planPath, JSON.stringify(made, null, 2));
  writeFileSync(join(directory, 'plan.md'), renderPlan(made));
  log(`planned ${made.steps.flatMap((step) => step.actions).length} actions, hash ${made.hash.slice(0, 12)}…`);

  // 2. The reviewer reads plan.md and approves this plan, by its hash.
  const approvalPath = join(directory, 'approval.json');
  writeFileSync(approvalPath, JSON.stringify({ planHash: made.hash, approvedBy: 'jane@example.com' }));

  // 3. A plan edited after the review (here: the look-alike slipped in) is refused before anything runs.
  const edited = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  const lookAlike = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60003';
  const tampered = JSON.parse(JSON.stringify(edited).replaceAll('i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003')) as Plan;
  const refusal = await engine().apply(tampered);
  if (refusal.isOk()) throw new Error('an edited plan was applied');
  log(`edited plan refused: ${refusal.error.code}: ${refusal.error.message}`);

  // 4. The operator applies the reviewed plan; the approval is granted only for the plan it names.
  const reviewed = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  const approval = JSON.parse(readFileSync(approvalPath, 'utf8')) as { planHash: string; approvedBy: string };
  const approve = (request: ApprovalRequest) => {
    const granted = approval.planHash === reviewed.hash;
    log(
      `approval "${request.name}" for ${request.covers.total} actions: ${granted ? `granted by ${approval.approvedBy}` : 'refused'}`,
    );
    return granted;
  };
  const first = (await engine().apply(reviewed, { approve }))._unsafeUnwrap();
  log(
    `apply on 2026-12-10: run ${first.runId} ${first.status} (${first.counts.done} done, ${first.counts.waiting} waiting)`,
  );

  // 5. Days later, another process resumes the run from the journal: the delete date has come.
  cloud.clock.set('2026-12-16T09:00:00Z');
  const final = (await engine().resume(first.runId, { approve }))._unsafeUnwrap();
  log(`resume on 2026-12-16: run ${final.status}`);
  log(renderChecklist(final));

  // 6. The auditor verifies the journal's hash chain.
  const records = (await fileJournal(join(directory, 'journal')).read(first.runId))._unsafeUnwrap();
  const check = verifyJournal(records);
  if (check.isErr()) throw new Error(check.error.message);
  log(`journal: ${records.length} lines, hash chain verified; the look-alike ${lookAlike} untouched`);

  return {
    editedPlanRefusal: refusal.error.code,
    firstStatus: first.status,
    finalStatus: final.status,
    instances: Object.fromEntries(cloud.source.instances().map((instance) => [instance.id, instance.state])),
    journalLines: records.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await planApproveApply('.decomkit/plan-approve-apply');
}
