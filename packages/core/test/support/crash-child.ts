/**
 * The child process of the crash/resume test. It rebuilds the fake cloud from
 * the chain's world file, applies (or resumes) the run against a file journal,
 * persists the world after every call the fake records, logs every mutating
 * effect, and kills itself with SIGKILL at action boundary number `--kill`.
 *
 * The tests bundle it with esbuild (`crash-chain.ts`) and run the bundle with plain Node; by hand:
 * `node --conditions=source --import tsx crash-child.ts --mode apply|resume --dir DIR [--kill N] [--concurrency N]`.
 * On a normal end it prints one JSON line: `{ "status": …, "boundaries": … }`; on an error `CODE: message` on stderr.
 *
 * For the lease tests: `--take-over` resumes with `takeOver: true` (the previous child is known dead);
 * `--lease-timeout MS` sets the file journal's lease timeout; `--no-approve` leaves approvals waiting;
 * `--go FILE` prints `ready`, then waits until FILE exists before acting (so two children start together).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine, type EngineEvent, fileJournal } from '@decomkit/core';
import { restoreFakeCloud, seededRandom, type WorldState } from '@decomkit/fake';
import { retireInstancesChecklist } from '../../../../examples/retire-instances-steps.js';
import {
  CRASH_RUN_ID,
  chainPaths,
  crashWorkload,
  type EffectLine,
  type KillNote,
  writeFileDurably,
} from './crash-world.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    dir: { type: 'string' },
    kill: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '8' },
    'take-over': { type: 'boolean', default: false },
    'lease-timeout': { type: 'string' },
    'no-approve': { type: 'boolean', default: false },
    go: { type: 'string' },
  },
});
const mode = values.mode;
const directory = values.dir;
const killAt = Number(values.kill);
const concurrency = Number(values.concurrency);
if (
  (mode !== 'apply' && mode !== 'resume') ||
  directory === undefined ||
  !Number.isInteger(killAt) ||
  !Number.isInteger(concurrency)
) {
  process.stderr.write('usage: crash-child --mode apply|resume --dir DIR [--kill N] [--concurrency N]\n');
  process.exit(64);
}
const paths = chainPaths(directory);

const initialWorld = readFileSync(paths.world, 'utf8');
const cloud = restoreFakeCloud(JSON.parse(initialWorld) as WorldState);
const effects = openSync(paths.effects, 'a');
let boundaries = 0;

/** Counts one boundary; at the chosen one, notes it durably and dies without any chance to clean up. */
function boundary(kind: KillNote['kind'], what: string): void {
  boundaries += 1;
  if (boundaries !== killAt) return;
  const note: KillNote = { boundary: boundaries, kind, what };
  writeFileDurably(paths.killNote, JSON.stringify(note));
  process.kill(process.pid, 'SIGKILL');
}

// Listeners run synchronously after each call's effect, so the file on disk is always the world after the
// last call. A call that changed nothing (a read at the same fake time) leaves the file as it is.
let persisted = initialWorld;
cloud.calls.onCall((call) => {
  const world = JSON.stringify(cloud.snapshot());
  if (world !== persisted) {
    writeFileDurably(paths.world, world);
    persisted = world;
  }
  if (!call.mutating) return;
  const line: EffectLine = { operation: call.operation, target: call.target, pid: process.pid };
  writeSync(effects, `${JSON.stringify(line)}\n`);
  fsyncSync(effects);
  boundary('effect', `${call.operation} ${call.target ?? '-'}`);
});

const onEvent = (event: EngineEvent): void => {
  // action.started: the intent is durable and the effect not yet made.
  if (event.type === 'action.started') boundary('intent', event.action.key);
  // action.checkpoint: the job id is durable, the job runs.
  if (event.type === 'action.checkpoint') boundary('checkpoint', event.action.key);
  // action.done: the outcome is durable.
  if (event.type === 'action.done') boundary('done', event.action.key);
};

const engine = createEngine({
  checklist: retireInstancesChecklist(crashWorkload()),
  providers: cloud.providers,
  journal: fileJournal(
    paths.journal,
    values['lease-timeout'] === undefined ? {} : { leaseTimeoutMilliseconds: Number(values['lease-timeout']) },
  ),
  concurrency,
  random: seededRandom(20261220),
  onEvent,
})._unsafeUnwrap();

const options = { takeOver: values['take-over'], ...(values['no-approve'] ? {} : { approve: () => true }) };
if (values.go !== undefined) {
  process.stdout.write('ready\n');
  while (!existsSync(values.go)) await new Promise((resolve) => setTimeout(resolve, 2));
}
const run =
  mode === 'apply'
    ? engine.plan().andThen((plan) => engine.apply(plan, { runId: CRASH_RUN_ID, ...options }))
    : engine.resume(CRASH_RUN_ID, options);
const outcome = await run;
closeSync(effects);
if (outcome.isErr()) {
  process.stderr.write(`${outcome.error.code}: ${outcome.error.message}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ status: outcome.value.status, boundaries, counts: outcome.value.counts })}\n`);
