/**
 * Shared by the crash/resume test and its child process: the seeded world, the
 * workload, where a chain keeps its durable files, and how a world is compared
 * (normalised: generated ids and times differ between runs, outcomes do not).
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Workload } from '@decomkit/core';
import type { FakeCloudSeed, WorldState } from '@decomkit/fake';
import { paymentsWorkload } from './workloads.js';

/** The run id every chain uses (one run per chain directory). */
export const CRASH_RUN_ID = 'payments-crash-run';

/** In-scope instances of the crash world; `i-0a00` is protected (the workload allows lifting it). */
export const IN_SCOPE_INSTANCES = Array.from(
  { length: 12 },
  (_, index) => `i-0a${index.toString(16).padStart(2, '0')}`,
);

/** The payments workload with the policy that allows lifting EC2 protection. Sunset dates are in the past of the world's clock. */
export function crashWorkload(): Workload {
  return paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });
}

/** The world every run starts from: 12 instances in scope (one protected), 4 out of scope. */
export function crashWorldSeed(): FakeCloudSeed {
  return {
    now: '2026-12-20T00:00:00Z',
    source: {
      instances: [
        ...IN_SCOPE_INSTANCES.map((id, index) => ({
          id,
          tags: { workload: 'payments', tier: index % 2 === 0 ? 'web' : 'worker' },
          ...(index === 0 ? { terminationProtection: true, stopProtection: true } : {}),
        })),
        { id: 'i-0b01', tags: { workload: 'billing' } },
        { id: 'i-0b02', tags: { workload: 'billing' }, terminationProtection: true },
        { id: 'i-0b03', tags: { team: 'payments' } },
        { id: 'i-0b04', tags: { workload: 'payments' }, region: 'us-east-1' },
      ],
    },
  };
}

/** The durable files of one chain of child processes. */
export function chainPaths(directory: string) {
  return {
    world: join(directory, 'world.json'),
    effects: join(directory, 'effects.jsonl'),
    journal: join(directory, 'journal'),
    killNote: join(directory, 'kill-note.json'),
  };
}

/**
 * Writes `text` to `path` atomically and durably: temp file, fsync, rename.
 * (A SIGKILL cannot lose a completed rename; only a power loss could, which this test does not simulate.)
 */
export function writeFileDurably(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const file = openSync(temporary, 'w');
  try {
    writeSync(file, text);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(temporary, path);
}

/** One line of the effects log: a mutating call the fake made, after its effect. */
export interface EffectLine {
  readonly operation: string;
  readonly target: string | null;
  readonly pid: number;
}

/** What the child notes just before it kills itself. */
export interface KillNote {
  readonly boundary: number;
  readonly kind: 'intent' | 'effect' | 'checkpoint' | 'done';
  /** The action key (intent, checkpoint, done) or `operation target` (effect). */
  readonly what: string;
}

/** A world reduced to what must be identical between an interrupted and an uninterrupted run. */
export interface NormalisedWorld {
  readonly instances: readonly {
    id: string;
    region: string;
    state: string;
    terminationProtection: boolean;
    stopProtection: boolean;
  }[];
  readonly backupsByResource: Record<
    string,
    { jobs: number; states: string[]; vaults: string[]; retainDays: number[]; actionTags: string[] }
  >;
  readonly recoveryPointsByResource: Record<
    string,
    { count: number; statuses: string[]; vaults: string[]; retainMilliseconds: number[]; actionTags: string[] }
  >;
  readonly artifacts: readonly { name: string; sha256: string }[];
}

/** Normalises a world snapshot: ids, ARNs of recovery points and times are left out; counts and statuses stay. */
export function normaliseWorld(world: WorldState): NormalisedWorld {
  const instances = [...world.instances]
    .sort((left, right) => left.id.localeCompare(right.id))
    .map(({ id, region, state, terminationProtection, stopProtection }) => ({
      id,
      region,
      state,
      terminationProtection,
      stopProtection,
    }));
  const backupsByResource: NormalisedWorld['backupsByResource'] = {};
  for (const job of world.backupJobs) {
    const entry = entryOf(backupsByResource, job.resourceArn, () => ({
      jobs: 0,
      states: [],
      vaults: [],
      retainDays: [],
      actionTags: [],
    }));
    entry.jobs += 1;
    entry.states.push(job.state);
    entry.vaults.push(job.vault);
    entry.retainDays.push(job.retainDays);
    entry.actionTags.push(job.tags['decomkit:action'] ?? '');
  }
  const recoveryPointsByResource: NormalisedWorld['recoveryPointsByResource'] = {};
  for (const point of world.recoveryPoints) {
    const entry = entryOf(recoveryPointsByResource, point.resourceArn, () => ({
      count: 0,
      statuses: [],
      vaults: [],
      retainMilliseconds: [],
      actionTags: [],
    }));
    entry.count += 1;
    entry.statuses.push(point.status);
    entry.vaults.push(point.vault);
    entry.retainMilliseconds.push(Date.parse(point.retainUntil) - Date.parse(point.createdAt));
    entry.actionTags.push(point.tags['decomkit:action'] ?? '');
  }
  for (const entry of [...Object.values(backupsByResource), ...Object.values(recoveryPointsByResource)]) {
    for (const list of Object.values(entry))
      if (Array.isArray(list)) list.sort((left, right) => String(left).localeCompare(String(right)));
  }
  const artifacts = world.artifacts
    .map(({ name, sha256 }) => ({ name, sha256 }))
    .sort((left, right) => left.name.localeCompare(right.name));
  return {
    instances,
    backupsByResource: sortKeys(backupsByResource),
    recoveryPointsByResource: sortKeys(recoveryPointsByResource),
    artifacts,
  };
}

function entryOf<T>(record: Record<string, T>, key: string, create: () => T): T {
  const existing = record[key];
  if (existing !== undefined) return existing;
  const created = create();
  record[key] = created;
  return created;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([left], [right]) => left.localeCompare(right)));
}

/** Counts effects per `operation target`. */
export function countEffects(effects: readonly EffectLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const effect of effects) {
    // A batched call (TerminateInstances of several ids) is one effect per target.
    for (const target of (effect.target ?? '-').split(',')) {
      const key = `${effect.operation} ${target}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  return sortKeys(counts);
}

/** The action kind a mutating fake operation carries out. */
export const KIND_OF_OPERATION: Readonly<Record<string, string>> = {
  StartBackupJob: 'backup.create',
  StopInstances: 'resource.stop',
  TerminateInstances: 'resource.delete',
  ModifyInstanceAttribute: 'protection.lift',
};
