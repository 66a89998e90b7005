/**
 * Benchmark (not a test): discover an inventory of 100,000 resources on the
 * fake cloud and plan over it, in a fresh process; report peak RSS.
 *
 *   pnpm bench:inventory
 *
 * Target (issue 3): peak RSS < 300 MB, the fake world itself included.
 */
import { createChecklist, createEngine, defineStep, defineWorkload, memoryJournal, verified } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';

const RESOURCES = Number(process.argv[2] ?? 100_000);
const rss = () => process.memoryUsage().rss / 1024 / 1024;
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
const peak = process.resourceUsage().maxRSS / 1024;
console.log(
  `${RESOURCES} resources seeded (${(afterSeed - baseline).toFixed(0)} MB for the fake world); ${plan.inventory.length} in scope`,
);
console.log(`discovery + plan: ${seconds.toFixed(2)} s; peak RSS ${peak.toFixed(0)} MB (target < 300 MB)`);
