import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_GLUE_JOB, demoWorkloadInput } from '@decomkit/fake';
import { stringify } from 'yaml';
import { EXIT_CODES } from './exit-codes.js';
import { applyCommand, type CommandResult, planCommand, resumeCommand } from './run-commands.js';
import { journalOf } from './session.js';

/**
 * `decomkit demo`: the demo workload on the fake cloud, end to end, through
 * the same commands an operator runs — a workload file, `plan`, `apply`
 * (confirmed for the demo's account), then `resume` on the stop date and on
 * the delete date — in `directory` (a new temporary one by default).
 */
export async function demoCommand(directory?: string): Promise<CommandResult> {
  const home = directory ?? mkdtempSync(join(tmpdir(), 'decomkit-demo-'));
  mkdirSync(home, { recursive: true });
  const workloadPath = join(home, 'workload.yaml');
  const workload = {
    ...demoWorkloadInput(),
    // The Glue job no handler supports stays on purpose: recorded up front, so Retire can be checked.
    exceptions: [
      { arn: DEMO_GLUE_JOB, reason: 'finance still runs the ledger export', approvedBy: 'finance-lead@example.com' },
    ],
  };
  writeFileSync(workloadPath, stringify({ workload, providers: { kind: 'fake', seed: 'demo' } }, { lineWidth: 0 }));
  process.stdout.write(`decomkit demo in ${home}\n\n── decomkit plan ──\n`);
  const common = { workloadPath, stateDirectory: join(home, '.decomkit') };
  const planned = await planCommand({ ...common, out: join(home, 'plan.json') });
  if (planned !== EXIT_CODES.done) return planned;
  const confirmed = { yes: true, confirmAccount: '111122223333', approve: ['retire'] };
  process.stdout.write('\n── decomkit apply plan.json (2026-11-26) ──\n');
  const applied = await applyCommand(join(home, 'plan.json'), { ...common, ...confirmed });
  if (typeof applied !== 'number') return applied;
  const runs = await journalOf(common.stateDirectory).list();
  const runId = runs.isOk() ? runs.value[0] : undefined;
  if (runId === undefined) return EXIT_CODES.failed;
  let last: CommandResult = applied;
  // The stop date, the delete date, and an hour later (AWS Config records deletions with a lag).
  for (const day of ['2026-12-01T09:00:00Z', '2026-12-15T09:00:00Z', '2026-12-15T10:00:00Z']) {
    if (last !== EXIT_CODES.waiting) break;
    process.stdout.write(`\n── decomkit resume ${runId} (${day.slice(0, 10)}) ──\n`);
    last = await resumeCommand(runId, { ...common, ...confirmed, fakeClock: day });
    if (typeof last !== 'number') return last;
  }
  process.stdout.write(`\nThe workload file, plan and journal are in ${home}\n`);
  return last;
}
