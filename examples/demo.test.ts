import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyJournal } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

describe('the demo', () => {
  it('retires exactly the in-scope instances it can prove, and prints the checklist with evidence', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decomkit-demo-'));
    const lines: string[] = [];
    const result = await runDemo(directory, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(result.terminated).toEqual([
      'i-0web1',
      'i-0web2',
      'i-0web3',
      'i-0web4',
      'i-0web5',
      'i-0web6',
      'i-0web7',
      'i-0web8',
      'i-0api1',
      'i-0db1',
    ]);
    expect(result.untouched).toEqual(['i-0batch1', 'i-0stg1', 'i-0use1', 'i-0bill1']);
    expect(result.status).toBe('incomplete');
    expect(output).toContain('Planning made 0 changes');
    expect(output).toContain('waits until 2026-12-01');
    expect(output).toContain('| ☑ | Take final backups and snapshots | 10 recovery points COMPLETED |');
    expect(output).toMatch(/\| ☐ \| Retire AWS resources \| .*i-0batch1 cannot be read/);
    const report = JSON.parse(readFileSync(result.reportPath, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, kind: 'decomkit.run-report', run: { runId: result.runId } });
    const journal = readFileSync(join(directory, 'journal', `${result.runId}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(verifyJournal(journal).isOk()).toBe(true);
  });
});
