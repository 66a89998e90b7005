import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyJournal } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';
import { DEMO_GLUE_JOB } from './demo-world.js';

describe('the demo', () => {
  it('retires what it can prove in scope, leaves look-alikes, keeps the excepted job, and checks all eight items', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decomkit-demo-'));
    const lines: string[] = [];
    const result = await runDemo(directory, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(result.resourcesInScope).toBeGreaterThanOrEqual(40);
    // Look-alikes (other workloads, staging, another region) are untouched; everything of payments in eu-west-1 is gone.
    for (const id of ['i-0bill1', 'i-0bill2', 'i-0stage', 'i-0dr1', 'i-0dr2'])
      expect(result.instances[id]).toBe('running');
    for (const id of ['i-0api1', 'i-0api2', 'i-0worker1', 'i-0worker2', 'i-0ledger'])
      expect(result.instances[id]).toBe('terminated');
    expect(Object.values(result.instances).filter((state) => state === 'terminated').length).toBe(17);
    expect(output).toContain('Planning made 0 changes');
    expect(output).toMatch(/run waiting: .*waits until 2026-12-01/);
    // Fail closed: the Glue job has no handler, so retirement stays open, naming it, until its exception is recorded.
    expect(output).toMatch(/"Retire AWS resources" is open: .*AWS::Glue::Job, which no handler supports/);
    expect(output).toContain(`── Record the exception and resume ──\n  ${DEMO_GLUE_JOB}: finance still runs`);
    for (const item of result.report.items) expect(item.checked, `${item.item}: ${item.reasons.join('; ')}`).toBe(true);
    expect(result.report.items).toHaveLength(8);
    expect(result.status).toBe('completed');
    expect(result.report.excepted.map((kept) => kept.arn)).toEqual([DEMO_GLUE_JOB]);
    expect(output).toMatch(/\| ☑ \| Take final backups and snapshots \| \d+ recovery points COMPLETED/);
    const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, kind: 'decomkit.run-report', run: { runId: result.runId } });
    const journal = readFileSync(join(directory, 'journal', `${result.runId}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(verifyJournal(journal).isOk()).toBe(true);
  });
});
