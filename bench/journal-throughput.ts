/**
 * Benchmark (not a test): apply 10,000 no-op actions at concurrency 16, with
 * the durable file journal and with the memory journal. Each mode runs in its
 * own child process so peak RSS is that mode's alone.
 *
 *   pnpm bench            # both modes, five rounds each, prints the medians
 *   tsx --conditions=source bench/journal-throughput.ts file 10000   # one mode
 *
 * Targets (issue 2): ≥ 2,000 actions/s with fileJournal, ≥ 50,000/s in memory, peak RSS < 200 MB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  fileJournal,
  type Journal,
  memoryJournal,
  type NoParams,
  okAsync,
  verified,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';

declare module '@decomkit/core' {
  interface ActionKinds {
    /** The benchmark's own kind: does nothing. */
    'noop.run': NoParams;
  }
}

const workload = defineWorkload({
  id: 'bench',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'bench' } } },
  target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-bench'] },
  sunset: { stopAt: '2026-01-01', deleteAt: '2026-01-02' },
  backups: { retainDays: 1 },
})._unsafeUnwrap();

async function measure(mode: 'file' | 'memory', count: number): Promise<void> {
  const noop = defineStep({
    id: 'noop',
    item: 'retire',
    title: 'No-op actions',
    needs: [],
    plan: ({ action }) => ({
      actions: Array.from({ length: count }, (_, index) =>
        action({ kind: 'noop.run', target: { ref: `item-${index}` } }),
      ),
    }),
    verify: ({ actions }) => verified(`${actions.length} no-ops done`),
  });
  const directory = mkdtempSync(join(tmpdir(), 'decomkit-bench-'));
  const journal: Journal = mode === 'file' ? fileJournal(directory) : memoryJournal();
  const engine = createEngine({
    checklist: createChecklist(workload, [noop]),
    providers: {
      costs: {
        specificationVersion: PORT_SPECIFICATION_VERSION,
        costByTag: (_tag, window) => okAsync({ amount: 0, currency: 'USD', window }),
        handlers: {
          'noop.run': {
            execute: () => okAsync({ status: 'done', result: {} } as const),
            reconcile: () => okAsync({ status: 'absent' } as const),
          },
        },
      },
    },
    journal,
    concurrency: 16,
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const started = process.hrtime.bigint();
  const run = (await engine.apply(plan))._unsafeUnwrap();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 'completed' || run.counts.done !== count)
    throw new Error(`run ended ${run.status} with ${run.counts.done} done`);
  rmSync(directory, { recursive: true, force: true });
  const peakMegabytes = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      mode,
      actions: count,
      seconds,
      actionsPerSecond: count / seconds,
      peakRssMegabytes: peakMegabytes,
    }),
  );
}

const [mode, countText] = process.argv.slice(2);
if (mode === 'file' || mode === 'memory') {
  await measure(mode, Number(countText ?? 10_000));
} else {
  const targets = { file: 2_000, memory: 50_000 };
  const rounds = 5;
  console.log(`${rounds} rounds per mode, each in a fresh process; median (min–max)`);
  console.log('mode    actions  actions/s median (min–max)      peak RSS MB (max)  target actions/s');
  for (const each of ['file', 'memory'] as const) {
    const results = Array.from({ length: rounds }, () => {
      const output = execFileSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', each, '10000'], {
        encoding: 'utf8',
      });
      return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
        actionsPerSecond: number;
        peakRssMegabytes: number;
      };
    });
    const rates = results.map((result) => result.actionsPerSecond).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    const peak = Math.max(...results.map((result) => result.peakRssMegabytes));
    console.log(
      `${`${each.padEnd(7)} ${'10000'.padStart(7)}  ${Math.round(median).toString().padStart(9)} (${Math.round(rates[0] ?? 0)}–${Math.round(rates.at(-1) ?? 0)})`.padEnd(
        48,
      )}${peak.toFixed(0).padStart(6)}             ≥ ${targets[each]}`,
    );
  }
}
