/**
 * Benchmark (not a test): discover an inventory of 100,000 resources on the
 * fake cloud and plan over it, in a fresh process; report peak RSS, and how
 * it divides between the runtime, the fake world and decomkit.
 *
 *   pnpm bench:inventory        # peak RSS and its shares
 *   npx tsx --expose-gc --conditions=source bench/inventory-memory.ts
 *                               # also the heap each part keeps once collected (the forced
 *                               # collections move the peak a little: quote peaks from the first)
 *
 * Target (issue 3, issue 14 item 6): peak RSS < 300 MB, the fake world itself included.
 *
 * Shares: "runtime" is the RSS before the world is built (Node, tsx, the
 * loaded code); "fake world" is what building it added; "decomkit" is the
 * rest of the peak: discovery, compaction and planning, garbage not yet
 * collected included. With --expose-gc, the heap each keeps once collected.
 */
import { createChecklist, createEngine, defineStep, defineWorkload, memoryJournal, verified } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';

const RESOURCES = Number(process.argv[2] ?? 100_000);
const megabytes = (bytes: number) => bytes / 1024 / 1024;
const rss = () => megabytes(process.memoryUsage().rss);
const collect = (globalThis as { gc?: () => void }).gc;
/** Heap in use once collected (with --expose-gc), else null: without a collection it says little. */
const keptHeap = () => {
  if (collect === undefined) return null;
  collect();
  return megabytes(process.memoryUsage().heapUsed);
};
const heapBefore = keptHeap();
const baseline = rss();
const cloud = createFakeCloud({
  source: {
    instances: Array.from({ length: RESOURCES }, (_, index) => ({
      id: `i-${index.toString(16).padStart(12, '0')}`,
      tags: { workload: index % 10 === 0 ? 'billing' : 'bench', team: 'payments' },
    })),
  },
});
const afterSeed = rss();
const heapWithWorld = keptHeap();
const workload = defineWorkload({
  id: 'bench',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'bench' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-bench'] },
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { retainDays: 30 },
})._unsafeUnwrap();
const survey = defineStep({
  id: 'survey',
  item: 'deletion-check',
  title: 'Read the inventory',
  needs: ['inventory'],
  plan: ({ inventory }) => ({
    actions: [],
    findings: [{ severity: 'info', code: 'count', message: `${inventory.length} in scope` }],
  }),
  verify: () => verified('surveyed'),
});
const engine = createEngine({
  checklist: createChecklist(workload, [survey]),
  providers: cloud.providers,
  journal: memoryJournal(),
})._unsafeUnwrap();
const started = performance.now();
const plan = (await engine.plan())._unsafeUnwrap();
const seconds = (performance.now() - started) / 1000;
const peak = megabytes(process.resourceUsage().maxRSS * 1024);
const heapWithPlan = keptHeap();
const mb = (value: number) => `${value.toFixed(0)} MB`;
console.log(
  `${RESOURCES} resources seeded (${mb(afterSeed - baseline)} for the fake world); ${plan.inventory.length} in scope`,
);
console.log(`discovery + plan: ${seconds.toFixed(2)} s; peak RSS ${mb(peak)} (target < 300 MB)`);
console.log(
  `peak RSS shares: runtime ${mb(baseline)}, fake world ${mb(afterSeed - baseline)}, decomkit ${mb(peak - afterSeed)}`,
);
if (heapBefore !== null && heapWithWorld !== null && heapWithPlan !== null) {
  console.log(
    `heap kept once collected: fake world ${mb(heapWithWorld - heapBefore)}, decomkit's inventory and plan ${mb(heapWithPlan - heapWithWorld)}`,
  );
}
