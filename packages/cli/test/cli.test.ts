import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileJournal } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The CLI as users run it: a subprocess, its exit status, stdout and stderr.
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.ts');
const TSX = fileURLToPath(import.meta.resolve('tsx'));

function decomkit(cwd: string, args: readonly string[], input = '') {
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'decomkit-cli-'));
}

/** A directory with the demo's workload file (`decomkit init`). */
function initialised(): string {
  const cwd = scratch();
  expect(decomkit(cwd, ['init']).status).toBe(0);
  return cwd;
}

const CONFIRM = ['--yes', '--confirm-account', '111122223333'];

describe('decomkit init, schema and bad workload files', () => {
  it('init writes a commented workload file that plans, and never overwrites one', () => {
    const cwd = initialised();
    const text = readFileSync(join(cwd, 'workload.yaml'), 'utf8');
    expect(text).toMatch(/^# decomkit workload file/);
    expect(parse(text)).toMatchObject({ workload: { id: 'payments' }, providers: { kind: 'fake', seed: 'demo' } });
    const again = decomkit(cwd, ['init']);
    expect(again.status).toBe(64);
    expect(again.stderr).toContain('does not overwrite it');
    expect(decomkit(cwd, ['init', '--force']).status).toBe(0);
  });

  it('schema prints the JSON Schema of the workload file, made from the schema defineWorkload uses', () => {
    const schema = JSON.parse(decomkit(scratch(), ['schema']).stdout);
    expect(schema.required).toEqual(['workload', 'providers']);
    expect(schema.properties.workload.required).toEqual(['id', 'source', 'target', 'sunset', 'backups']);
    expect(schema.properties.workload.properties.source.properties.accountId).toBeDefined();
  });

  it('names the line, column and field of each problem, exits 64 and writes no plan', () => {
    const cwd = initialised();
    const file = join(cwd, 'workload.yaml');
    const text = readFileSync(file, 'utf8').replace(/accountId: ["']?111122223333["']?/, 'accountId: "1234"');
    writeFileSync(file, text.replace('providers:\n  kind: fake', 'providers:\n  kind: fake\n  colour: blue'));
    const accountLine = text.split('\n').findIndex((line) => line.includes('accountId: "1234"')) + 1;
    expect(accountLine).toBeGreaterThan(0);
    const run = decomkit(cwd, ['plan']);
    expect(run.status).toBe(64);
    expect(run.stderr).toContain(`workload.yaml:${accountLine}:16 workload.source.accountId`);
    expect(run.stderr).toMatch(/workload\.yaml:\d+:\d+ providers: .*colour/);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(false);
  });

  it('a YAML syntax error is bad input with its position; a missing file too', () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'workload.yaml'), 'workload:\n  id: [payments\n');
    const broken = decomkit(cwd, ['plan']);
    expect(broken.status).toBe(64);
    expect(broken.stderr).toMatch(/workload\.yaml:\d+:\d+/);
    const missing = decomkit(cwd, ['plan', '--workload', 'nope.yaml']);
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain('cannot read the workload file nope.yaml');
  });

  it('an unknown command or option is a usage error (64)', () => {
    expect(decomkit(scratch(), ['retire-everything']).status).toBe(64);
    expect(decomkit(scratch(), ['plan', '--colour']).status).toBe(64);
  });
});

describe('decomkit plan, apply, resume, status, report, verify-journal', () => {
  it('asks for the account before applying: a wrong answer or no answer changes nothing', () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan']).status).toBe(0);
    const wrong = decomkit(cwd, ['apply', 'plan.json'], '999999999999\n');
    expect(wrong.status).toBe(64);
    expect(wrong.stderr).toContain('Type the account id or alias');
    expect(wrong.stderr).toContain('not confirmed');
    expect(decomkit(cwd, ['apply', 'plan.json']).stderr).toContain('not confirmed: no answer');
    expect(decomkit(cwd, ['apply', 'plan.json', '--yes']).stderr).toContain('--yes needs --confirm-account');
    expect(decomkit(cwd, ['apply', 'plan.json', '--yes', '--confirm-account', 'someone-else']).status).toBe(64);
    expect(existsSync(join(cwd, '.decomkit', 'journal'))).toBe(false); // no run was started
  });

  it('runs a plan to completion across processes: waiting is 2, completed is 0; the journal verifies', async () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan']).status).toBe(0);
    // The alias works as the answer as well as the id (the fake's account is payments-prod).
    const applied = decomkit(cwd, ['apply', 'plan.json', '--approve', 'retire'], 'payments-prod\n');
    expect(applied.status, applied.stderr).toBe(2);
    expect(applied.stdout).toMatch(/run payments-\S+: waiting/);
    const runId = /run (payments-\S+): waiting/.exec(applied.stdout)?.[1] ?? '';

    const listed = decomkit(cwd, ['status']);
    expect(listed.stdout).toContain(`${runId}  waiting`);

    let last = applied;
    for (const day of ['2026-12-01T09:00:00Z', '2026-12-15T09:00:00Z', '2026-12-15T10:00:00Z'])
      last = decomkit(cwd, ['resume', runId, '--approve', 'retire', '--fake-clock', day, ...CONFIRM]);
    // The demo world's Glue job has no handler: Retire stays open (fail closed) until it is excepted.
    expect(last.status).toBe(2);
    expect(last.stdout).toContain('AWS::Glue::Job');

    const report = JSON.parse(decomkit(cwd, ['report', runId, '--format', 'json']).stdout);
    expect(report.kind).toBe('decomkit.run-report');
    expect(decomkit(cwd, ['report', runId]).stdout).toContain('| ☑ | Take final backups and snapshots');
    // The HTML report: one self-contained page, on stdout or in --out, Retire open with its reason.
    const written = decomkit(cwd, ['report', runId, '--format', 'html', '--out', 'report.html']);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toBe('Report (html) written to report.html\n');
    const page = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;');
    expect(page.match(/<span class="mark (checked|unchecked)" data-item=/g)).toHaveLength(8);
    expect(page).toContain('<span class="mark unchecked" data-item="retire"');
    expect(page).toContain('AWS::Glue::Job');
    expect(decomkit(cwd, ['report', runId, '--format', 'html']).stdout).toBe(page);
    expect(decomkit(cwd, ['report', runId, '--format', 'pdf']).status).toBe(64);
    const unwritable = decomkit(cwd, [
      'report',
      runId,
      '--format',
      'html',
      '--out',
      join(cwd, 'no-such-dir', 'r.html'),
    ]);
    expect(unwritable.status).toBe(64);
    expect(unwritable.stderr).toContain('cannot write the report to');

    expect(decomkit(cwd, ['verify-journal', runId]).stdout).toContain('hash chain intact, seal matches');
    const journal = join(cwd, '.decomkit', 'journal', `${runId}.jsonl`);
    const lines = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, lines.map((line, index) => (index === 3 ? line.replace('"', '"x') : line)).join('\n'));
    const tampered = decomkit(cwd, ['verify-journal', runId]);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain('JournalCorrupt');
    expect(decomkit(cwd, ['verify-journal', 'no-such-run']).status).toBe(64);
  }, 300_000);

  it('without --approve the approval waits (nothing denied); a later resume that grants it goes on', () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan']).status).toBe(0);
    const applied = decomkit(cwd, ['apply', 'plan.json', ...CONFIRM]);
    const runId = /run (payments-\S+): waiting/.exec(applied.stdout)?.[1] ?? '';
    const later = ['--fake-clock', '2026-12-15T09:00:00Z', ...CONFIRM];
    const waiting = decomkit(cwd, ['resume', runId, ...later]);
    expect(waiting.stdout).toContain('Approval "retire": not answered yet');
    const granted = decomkit(cwd, ['resume', runId, '--approve', 'retire', ...later]);
    expect(granted.stdout).toMatch(/Approval "retire": granted at/);
  }, 300_000);

  it('--json streams the engine events as JSON lines and ends with the result', () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan', '--json']).status).toBe(0);
    const run = decomkit(cwd, ['apply', 'plan.json', '--json', ...CONFIRM]);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; status?: string });
    expect(events[0]?.type).toBe('run.started');
    expect(events.some((event) => event.type === 'action.done')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', status: 'waiting' });
    expect(run.status).toBe(2);
  });

  it('a run held by another runner is locked: exit 75, nothing done', async () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan']).status).toBe(0);
    const applied = decomkit(cwd, ['apply', 'plan.json', ...CONFIRM]);
    const runId = /run (payments-\S+): waiting/.exec(applied.stdout)?.[1] ?? '';
    const journal = fileJournal(join(cwd, '.decomkit', 'journal'));
    const records = (await journal.read(runId))._unsafeUnwrap();
    const last = records.at(-1);
    const writer = (await journal.open(runId, { seq: last?.seq ?? 0, hash: last?.hash ?? '' }))._unsafeUnwrap();
    try {
      const resumed = decomkit(cwd, ['resume', runId, ...CONFIRM]);
      expect(resumed.status).toBe(75);
      expect(resumed.stderr).toContain('is being run by');
      expect((await journal.read(runId))._unsafeUnwrap()).toHaveLength(records.length);
    } finally {
      (await writer.close())._unsafeUnwrap();
    }
  });

  it("iam-policy prints what the plan needs: the AWS policy scoped to its ARNs, the Azure role, ServiceNow's tables", () => {
    const cwd = initialised();
    expect(decomkit(cwd, ['plan']).status).toBe(0);
    const plan = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8')) as {
      steps: { actions: { kind: string; target: { arn?: string; resourceType?: string } }[] }[];
    };
    const run = decomkit(cwd, ['iam-policy', 'plan.json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout) as {
      aws: { Version: string; Statement: { Sid: string; Action: string[]; Resource: string | string[] }[] };
      azure: { Actions: string[]; AssignableScopes: string[] } | null;
      serviceNow: { tables: { table: string }[] } | null;
    };
    expect(document.aws.Version).toBe('2012-10-17');
    const terminated = plan.steps
      .flatMap((step) => step.actions)
      .filter((action) => action.kind === 'resource.delete' && action.target.resourceType === 'AWS::EC2::Instance')
      .map((action) => action.target.arn);
    expect(terminated.length).toBeGreaterThan(0);
    const terminate = document.aws.Statement.find((statement) => statement.Action.includes('ec2:TerminateInstances'));
    expect(terminate?.Resource).toEqual([...terminated].sort());
    expect(document.azure?.AssignableScopes[0]).toMatch(/^\/subscriptions\/[0-9a-f-]+\/resourceGroups\//);
    const split = JSON.parse(decomkit(cwd, ['iam-policy', 'plan.json', '--split']).stdout) as {
      aws: { Statement: { Action: string[] }[] }[];
    };
    expect(split.aws.length).toBeGreaterThan(1); // the demo plan's policy is larger than one managed policy
    for (const policy of split.aws) expect(JSON.stringify(policy).length).toBeLessThanOrEqual(6144);
    const actions = (statements: { Action: string[] }[]) => statements.flatMap((statement) => statement.Action).sort();
    expect(actions(split.aws.flatMap((policy) => policy.Statement))).toEqual(actions(document.aws.Statement));
    const text = decomkit(cwd, ['iam-policy', 'plan.json', '--format', 'text']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('# AWS IAM policy');
    expect(text.stdout).toContain('# Azure RBAC custom role');
  });

  it('iam-policy refuses a file that is not a plan, naming what is wrong (exit 64)', () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'not-json.json'), '{ nope');
    writeFileSync(join(cwd, 'not-plan.json'), JSON.stringify({ schemaVersion: 1, hash: 'x', steps: [{ id: 's' }] }));
    const missing = decomkit(cwd, ['iam-policy', 'missing.json']);
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain('cannot read the plan missing.json');
    const notJson = decomkit(cwd, ['iam-policy', 'not-json.json']);
    expect(notJson.status).toBe(64);
    expect(notJson.stderr).toContain('not-json.json is not JSON');
    const notPlan = decomkit(cwd, ['iam-policy', 'not-plan.json']);
    expect(notPlan.status).toBe(64);
    expect(notPlan.stderr).toContain('not-plan.json is not a decomkit plan');
    expect(notPlan.stderr).toContain('workload:');
    expect(notPlan.stderr).toContain('steps.0.actions:');
    const badFormat = decomkit(cwd, ['iam-policy', 'not-plan.json', '--format', 'yaml']);
    expect(badFormat.status).toBe(64);
    expect(badFormat.stderr).toContain('--format yaml: json or text');
  });

  it('demo runs the demo workload end to end through the same commands and completes', () => {
    const cwd = scratch();
    const run = decomkit(cwd, ['demo', '--dir', join(cwd, 'demo')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/run payments-\S+: completed/);
    expect(existsSync(join(cwd, 'demo', 'workload.yaml'))).toBe(true);
  }, 300_000);
});
