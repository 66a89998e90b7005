import {
  CHECKLIST_ITEMS,
  createChecklist,
  createEngine,
  defineStep,
  jsonReport,
  memoryJournal,
  REDACTED,
  REPORT_SCHEMA_VERSION,
  type RunReport,
  renderChecklist,
  renderPlan,
  verified,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { beforeAll, describe, expect, it } from 'vitest';
import { retireInstances, snapshotInstances } from '../../../examples/retire-instances-steps.js';
import { paymentsWorkload } from './support/workloads.js';

const approve = () => true;
const instanceArn = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;

/** A custom step whose evidence carries secrets, to prove reports redact them. */
const resetTtl = defineStep({
  id: 'reset-ttl-by-hand',
  item: 'ttl',
  title: 'Reset TTL by hand',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('TTL 3600 read back', { ttl: 3600, apiKey: 'dns-api-key-value', password: 'hunter2-value' }),
});

function harness(seed: FakeCloudSeed, withTtlStep = false) {
  const cloud = createFakeCloud(seed);
  const steps = withTtlStep ? [snapshotInstances, retireInstances, resetTtl] : [snapshotInstances, retireInstances];
  const checklist = createChecklist(paymentsWorkload(), steps);
  const engine = createEngine({ checklist, providers: cloud.providers, journal: memoryJournal() })._unsafeUnwrap();
  return { cloud, engine };
}

const paymentsSeed: FakeCloudSeed = {
  source: {
    instances: [
      { id: 'i-1', tags: { workload: 'payments' } },
      { id: 'i-2', tags: { workload: 'payments' } },
      { id: 'i-3', tags: { workload: 'billing' } },
    ],
  },
};

/** The rows of the rendered table: mark, title, evidence or reason. */
function rowsOf(table: string): { mark: string; title: string; text: string }[] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('| ☑ ') || line.startsWith('| ☐ '))
    .map((line) => {
      const [mark = '', title = '', text = ''] = line
        .slice(2, -2)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return { mark, title, text };
    });
}

describe('reports of a real run on the fake cloud', () => {
  let waiting: RunReport;
  let completed: RunReport;
  let cloudAfter: ReturnType<typeof createFakeCloud>;

  beforeAll(async () => {
    const { cloud, engine } = harness(paymentsSeed, true);
    const plan = (await engine.plan())._unsafeUnwrap();
    waiting = (await engine.apply(plan, { approve, runId: 'report-run' }))._unsafeUnwrap();
    cloud.clock.set('2026-12-15T00:00:00Z');
    completed = (await engine.resume('report-run', { approve }))._unsafeUnwrap();
    cloudAfter = cloud;
  });

  it('renders the eight seed items in order, with ☑ only where evidence exists', () => {
    const table = renderChecklist(completed);
    expect(completed.status).toBe('completed');
    expect(cloudAfter.source.instance('i-1').state).toBe('terminated');
    expect(table.split('\n')[0]).toBe('Decommission checklist — workload payments, run report-run (completed)');
    expect(table).toContain('| &nbsp; | Deliverable tasks | Evidence or reason |');
    const rows = rowsOf(table);
    expect(rows.map((row) => row.title)).toEqual(CHECKLIST_ITEMS.map((item) => item.title));
    expect(rows.map((row) => row.title)).toEqual([
      'Finalize data cutover',
      'Take final backups and snapshots',
      'Retire AWS resources',
      'Check successful deletion',
      'Clean up artifacts',
      'Reset TTL',
      'Establish new baseline',
      'Perform a WAF workload assessment',
    ]);
    expect(rows.map((row) => row.mark)).toEqual(['☐', '☑', '☑', '☐', '☐', '☑', '☐', '☐']);
  });

  it('shows the evidence summaries of checked items and the reasons of open ones', () => {
    const rows = rowsOf(renderChecklist(completed));
    expect(rows[1]?.text).toBe('2 recovery points COMPLETED');
    expect(rows[2]?.text).toBe('2 instances terminated');
    expect(rows[5]?.text).toBe('TTL 3600 read back');
    for (const index of [0, 3, 4, 6, 7]) expect(rows[index]?.text).toBe('no step of this checklist covers it');
  });

  it('shows why the retire item is still open while the run waits for its dates', () => {
    expect(waiting.status).toBe('waiting');
    const table = renderChecklist(waiting);
    expect(table.split('\n')[0]).toBe('Decommission checklist — workload payments, run report-run (waiting)');
    const rows = rowsOf(table);
    expect(rows.map((row) => row.mark)).toEqual(['☐', '☑', '☐', '☐', '☐', '☑', '☐', '☐']);
    expect(rows[2]?.text).toContain(
      `retire-instances: retire-instances:resource.stop:${instanceArn('i-1')} is waiting`,
    );
    expect(rows[2]?.text).toContain('2026-12-01');
    expect(rows[2]?.text).toContain('(and 3 more)');
  });

  it('makes a JSON report with schema version, kind, time and the run, secrets redacted', () => {
    const report = jsonReport(completed, new Date('2026-12-16T09:30:00Z'));
    expect(report.schemaVersion).toBe(1);
    expect(REPORT_SCHEMA_VERSION).toBe(1);
    expect(report.kind).toBe('decomkit.run-report');
    expect(report.generatedAt).toBe('2026-12-16T09:30:00.000Z');
    expect(report.run.runId).toBe('report-run');
    expect(report.run.items.map((item) => item.checked)).toEqual([false, true, true, false, false, true, false, false]);
    expect(report.run.counts.done).toBe(6);
    const ttlStep = report.run.items[5]?.steps[0];
    expect(ttlStep?.evidence?.details).toEqual({ ttl: 3600, apiKey: REDACTED, password: REDACTED });
    const text = JSON.stringify(report);
    expect(text).not.toContain('dns-api-key-value');
    expect(text).not.toContain('hunter2-value');
    expect(JSON.parse(text)).toEqual(report);
  });

  it('redacts secrets the run report itself still carries, without changing it', () => {
    const leaky: RunReport = {
      ...completed,
      items: completed.items.map((item) =>
        item.item !== 'backups'
          ? item
          : {
              ...item,
              steps: item.steps.map((step) => ({
                ...step,
                evidence: { summary: 'backups done', details: { connectionString: 'Server=db;Pwd=x', vault: 'decom' } },
              })),
            },
      ),
    };
    const report = jsonReport(leaky, new Date(0));
    expect(report.run.items[1]?.steps[0]?.evidence?.details).toEqual({ connectionString: REDACTED, vault: 'decom' });
    expect(leaky.items[1]?.steps[0]?.evidence?.details.connectionString).toBe('Server=db;Pwd=x');
    expect(renderChecklist(leaky)).toContain('| ☑ | Take final backups and snapshots | backups done |');
  });

  it('escapes table characters and lists refusals and drift', () => {
    const odd: RunReport = {
      ...completed,
      status: 'refused',
      refusal: 'caller is in account 999988887777',
      drift: [instanceArn('i-9'), instanceArn('i-10')],
      items: completed.items.map((item) =>
        item.item !== 'retire'
          ? item
          : {
              ...item,
              steps: item.steps.map((step) => ({ ...step, evidence: { summary: 'a | b\n  c', details: {} } })),
            },
      ),
    };
    const table = renderChecklist(odd);
    expect(table).toContain('| ☑ | Retire AWS resources | a \\| b c |');
    expect(table).toContain('Refused: caller is in account 999988887777');
    expect(table).toContain(
      `New in scope since the plan (reported, not touched): ${instanceArn('i-9')}, ${instanceArn('i-10')}`,
    );
    expect(rowsOf(table)).toHaveLength(8);
  });
});

describe('renderPlan', () => {
  it('lists every step, its actions with their gates, and its findings', async () => {
    const { cloud, engine } = harness(
      {
        source: {
          instances: [
            { id: 'i-1', tags: { workload: 'payments' } },
            { id: 'i-2', tags: { workload: 'payments' }, terminationProtection: true },
            { id: 'i-3', tags: { workload: 'billing' } },
          ],
        },
      },
      true,
    );
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.mutating()).toEqual([]);
    const lines = renderPlan(plan).split('\n');
    expect(lines[0]).toBe(
      `Plan for workload payments (4 actions, 2 resources in scope, hash ${plan.hash.slice(0, 12)})`,
    );
    expect(lines[1]).toBe('Planned as arn:aws:sts::111122223333:assumed-role/decomkit/session');
    expect(lines.slice(2)).toEqual([
      '',
      'snapshot-instances — Back up every EC2 instance [backups]',
      `  + backup.create ${instanceArn('i-1')}`,
      `  + backup.create ${instanceArn('i-2')}`,
      '',
      'retire-instances — Stop, then terminate, every EC2 instance [retire]',
      `  + resource.stop ${instanceArn('i-1')} — gates: not before 2026-12-01`,
      `  + resource.delete ${instanceArn('i-1')} — gates: completed backup of ${instanceArn('i-1')}, not before 2026-12-15, approval "retire"`,
      `  ! blocking: ${instanceArn('i-2')} is protected and the workload does not allow lifting it`,
      '',
      'reset-ttl-by-hand — Reset TTL by hand [ttl]',
      '  (nothing to do)',
    ]);
    expect(renderPlan(plan)).not.toContain('i-3');
  });

  it('leaves out the caller when unknown and shows warnings', async () => {
    const { engine } = harness(paymentsSeed);
    const plan = (await engine.plan())._unsafeUnwrap();
    const edited = {
      ...plan,
      caller: null,
      steps: plan.steps.map((step) => ({
        ...step,
        findings: [{ severity: 'warning' as const, code: 'note', message: 'check the vault' }],
      })),
    };
    const text = renderPlan(edited);
    expect(text).not.toContain('Planned as');
    expect(text).toContain('  ! warning: check the vault');
    expect(text.match(/^ {2}\+ /gm)).toHaveLength(6);
  });
});
