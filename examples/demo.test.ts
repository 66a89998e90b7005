import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyJournal } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

describe('the demo', () => {
  it('retires what it can prove in scope, leaves look-alikes and the unsupported key, and prints the evidence', async () => {
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
    const items = Object.fromEntries(result.report.items.map((item) => [item.item, item]));
    for (const item of ['cutover', 'backups', 'ttl', 'baseline', 'waf-assessment'])
      expect(items[item]?.checked, item).toBe(true);
    // Fail closed: the KMS key has no handler, so retirement — and what waits on it — stays open, with the reason.
    expect(items.retire?.checked).toBe(false);
    expect(items.retire?.reasons.join(' ')).toContain('AWS::KMS::Key, which no handler supports');
    expect(items['deletion-check']?.reasons.join(' ')).toContain('waits for step "retire-resources"');
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
