/**
 * A fleet worker killed with SIGKILL in the middle of an action is replaced,
 * and the fleet completes with no action carried out twice. The cloud is
 * moto_server (real AWS SDK clients through `awsSource`), which outlives the
 * workers; the workers are child processes sharing one file-journal
 * directory; the Temporal dev server holds the runs. Worker A's EC2 calls
 * are slowed (a StopInstances waits before it is sent, a TerminateInstances
 * answer is held after moto carried it out), and A is killed the moment a
 * terminate is in that window: moto has terminated the instance, A's journal
 * has the intent and no outcome. Worker B takes over once Temporal sees A's
 * activities stop heart-beating and the run's journal lease expires.
 *
 * Checked from moto's request recorder and the journals, which must agree:
 * one StopInstances and one TerminateInstances per instance and no other
 * mutating request; every journal verifies and every action is done; the
 * action caught mid-call is journaled `reconciled` by B, not called again;
 * any action whose call A had not made yet is re-run under the same
 * idempotency token (no failed attempt in between). Temporal's history shows
 * the activity retried after a heartbeat timeout of the run's
 * `heartbeatTimeoutMilliseconds`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalRecord, type Plan, verifyJournal } from '@decomkit/core';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadRecording,
  type MotoServer,
  type RecordedRequest,
  startMotoServer,
} from '../../aws/test/support/moto-server.js';
import { approveRun, type FleetRunRef, type RunOutcome, startFleet, workflowsPath } from '../src/index.js';
import { motoFleetEngine, motoFleetWorkload, seedMotoFleet } from './support/moto-fleet.js';
import type { MotoFleetWorkerConfig } from './support/moto-fleet-worker.js';
import { startTemporalServer, type TemporalServer } from './support/temporal-server.js';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process.js';

Runtime.install({ logger: new DefaultLogger('WARN') });

const WORKLOADS = ['kill-a', 'kill-b', 'kill-c'];
const INSTANCES = 4;
/** Activity heartbeat timeout, journal lease timeout, and the workers' heartbeat interval. */
const HEARTBEAT_TIMEOUT = 3_000;
const LEASE_TIMEOUT = 3_000;
const HEARTBEAT_EVERY = 500;
/** How long worker A holds a StopInstances before sending it, and a TerminateInstances answer. */
const HOLD = 1_000;
/** Actions done (by A) before it may be killed: well into the run, well before its end. */
const MIN_DONE = 8;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The complete lines of a file journal (none when it does not exist yet). */
function journalRecords(directory: string, runId: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(join(directory, `${runId}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as JournalRecord);
}

const OUTCOMES = new Set(['action.done', 'action.failed', 'action.skipped', 'action.refused']);

/** Keys whose last intent has no outcome after it: the call may or may not have been made. */
function unsettledKeys(records: readonly JournalRecord[]): string[] {
  const open = new Set<string>();
  for (const { entry } of records) {
    if (entry.type === 'action.intent') open.add(entry.key);
    else if (OUTCOMES.has(entry.type) && 'key' in entry) open.delete(entry.key);
  }
  return [...open];
}

/** The EC2 instance ids a recorded query-protocol request names (`InstanceId.N`). */
function instanceIdsOf(request: RecordedRequest): string[] {
  return [...new URLSearchParams(request.body).entries()]
    .filter(([name]) => /^InstanceId\.\d+$/.test(name))
    .map(([, value]) => value);
}

/** Read-only API actions by name (as the aws tests' `mutatingRequests`); anything else counts as mutating. */
const READ_ONLY = /^(Describe|List|Get|Search|Lookup|Select|BatchGet|Head|GET |HEAD )/;
const CALL_OF_KIND: Record<string, string> = {
  'resource.stop': 'StopInstances',
  'resource.delete': 'TerminateInstances',
};

describe('a fleet worker killed mid-run', () => {
  let server: TemporalServer;
  let moto: MotoServer;
  let connection: Connection;
  let client: Client;
  let scratch: string;
  let workflowCodePath: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'decomkit-worker-killed-'));
    workflowCodePath = join(scratch, 'workflows.js');
    // Each kept as soon as it is up, so that afterAll stops it even when another failed to start.
    const starting = await Promise.allSettled([
      startTemporalServer().then((started) => {
        server = started;
      }),
      startMotoServer().then((started) => {
        moto = started;
      }),
      bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') }).then((bundle) =>
        writeFileSync(workflowCodePath, bundle.code),
      ),
    ]);
    for (const outcome of starting) if (outcome.status === 'rejected') throw outcome.reason;
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });
  }, 240_000);

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await connection?.close();
    await server?.stop();
    await moto?.stop();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it('a worker killed with SIGKILL mid-run is replaced and the fleet completes with no action executed twice (journal and call log agree)', async () => {
    const journalDirectory = join(scratch, 'journals');
    const seeded = await seedMotoFleet(moto.endpoint, WORKLOADS, INSTANCES);
    const engineOptions = { endpoint: moto.endpoint, journalDirectory, leaseTimeoutMilliseconds: LEASE_TIMEOUT };
    const plans = new Map<string, Plan>();
    for (const id of WORKLOADS) {
      plans.set(id, (await motoFleetEngine(motoFleetWorkload(id), engineOptions).plan())._unsafeUnwrap());
    }
    // Seeding and planning are not the runs: the recording starts here.
    expect((await fetch(`${moto.endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' })).ok).toBe(true);
    const instanceOfKey = new Map<string, string>();
    const kindOfKey = new Map<string, string>();
    for (const [id, plan] of plans) {
      const actions = plan.steps.flatMap((step) => step.actions);
      // Each instance: stopped (the scream test), then terminated; nothing else.
      expect(actions.map((action) => action.kind).sort(), id).toEqual([
        ...Array(INSTANCES).fill('resource.delete'),
        ...Array(INSTANCES).fill('resource.stop'),
      ]);
      for (const action of actions) {
        instanceOfKey.set(action.key, action.target.arn?.split('/').pop() ?? '');
        kindOfKey.set(action.key, action.kind);
      }
      expect(new Set(actions.map((action) => instanceOfKey.get(action.key))), id).toEqual(new Set(seeded.get(id)));
    }

    const config: MotoFleetWorkerConfig = {
      address: server.address,
      namespace: server.namespace,
      endpoint: moto.endpoint,
      journalDirectory,
      leaseTimeoutMilliseconds: LEASE_TIMEOUT,
      workflowCodePath,
      activitiesPerSecond: 3,
      heartbeatMilliseconds: HEARTBEAT_EVERY,
      holdMilliseconds: HOLD,
    };
    const workerA = await startWorkerProcess(config);
    workers.push(workerA);
    const fleet = (
      await startFleet(
        client,
        [...plans.values()].map((plan) => ({ plan })),
        { fleetId: 'worker-killed', heartbeatTimeoutMilliseconds: HEARTBEAT_TIMEOUT },
      )
    )._unsafeUnwrap();
    expect(fleet.started).toHaveLength(WORKLOADS.length);
    for (const run of fleet.started) (await approveRun(client, run, 'retire', true))._unsafeUnwrap();
    const results = fleet.started.map((run) =>
      (client.workflow.getHandle(run.workflowId).result() as Promise<RunOutcome>).then((outcome) => {
        return { run, outcome };
      }),
    );
    // A run that fails, or every run ending, stops the watch instead of letting it run to its deadline.
    let failure: unknown = null;
    for (const result of results) result.catch((error: unknown) => (failure ??= error));
    let ended = false;
    void Promise.allSettled(results).then(() => {
      ended = true;
    });

    // Watch the journals. Kill A once at least MIN_DONE actions are done and a terminate is journaled as
    // intended and recorded by moto (A holds its answer); waiting, while that window lasts, for another run
    // to have an action in flight too (a stop A holds before sending it), so both kinds of leftovers are met.
    const records = (run: FleetRunRef) => journalRecords(journalDirectory, run.runId);
    let caught: { run: FleetRunRef; key: string } | null = null;
    let caughtAt = 0;
    const watchDeadline = Date.now() + 90_000;
    for (;;) {
      if (failure !== null) throw failure;
      if (ended) throw new Error('every run ended before worker A could be caught mid-terminate');
      if (Date.now() > watchDeadline)
        throw new Error(`no terminate caught in flight within 90 s; worker A:\n${workerA.output()}`);
      const journals = fleet.started.map((run) => ({ run, journal: records(run) }));
      const done = journals.flatMap(({ journal }) => journal).filter((record) => record.entry.type === 'action.done');
      const open = journals.flatMap(({ run, journal }) => unsettledKeys(journal).map((key) => ({ run, key })));
      if (caught !== null && !open.some(({ key }) => key === caught?.key)) caught = null; // its window closed
      if (caught === null && done.length >= MIN_DONE) {
        const candidates = open.filter(({ key }) => kindOfKey.get(key) === 'resource.delete');
        if (candidates.length > 0) {
          const terminated = new Set(
            (await downloadRecording(moto.endpoint))
              .filter((request) => request.action === 'TerminateInstances')
              .flatMap(instanceIdsOf),
          );
          caught = candidates.find(({ key }) => terminated.has(instanceOfKey.get(key) ?? '')) ?? null;
          caughtAt = Date.now();
        }
      }
      const company = caught !== null && open.some(({ run }) => run.runId !== caught?.run.runId);
      if (caught !== null && (company || Date.now() - caughtAt >= HOLD / 2)) break;
      await pause(20);
    }
    if (caught === null) throw new Error('unreachable: the watch ends with a caught terminate');
    await workerA.kill();
    const killedAt = Date.now();
    // What A left: per run, its journal and the actions whose intent has no outcome; what moto had done.
    const atKill = new Map(fleet.started.map((run) => [run.runId, records(run)]));
    // A request A wrote to its socket just before it died may still be on its way into moto's recording.
    await pause(500);
    const recordedAtKill = await downloadRecording(moto.endpoint);
    const calledAtKill = new Set(
      recordedAtKill.flatMap((request) => instanceIdsOf(request).map((id) => `${request.action}:${id}`)),
    );
    const inFlight = fleet.started.flatMap((run) =>
      unsettledKeys(atKill.get(run.runId) ?? []).map((key) => ({ run, key })),
    );
    const callOf = (key: string) => `${CALL_OF_KIND[kindOfKey.get(key) ?? '']}:${instanceOfKey.get(key)}`;
    const doneAtKill = [...atKill.values()].flat().filter((record) => record.entry.type === 'action.done').length;
    expect(doneAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(WORKLOADS.length * INSTANCES * 2);
    expect(inFlight.map(({ key }) => key)).toContain(caught.key);

    const workerB = await startWorkerProcess({ ...config, holdMilliseconds: 0 });
    workers.push(workerB);
    const outcomes = await Promise.all(results);
    const finishedAfterKill = Date.now() - killedAt;

    for (const { run, outcome } of outcomes) expect(outcome.status, run.runId).toBe('completed');

    // moto's log: one StopInstances and one TerminateInstances per instance, no other mutating request.
    const recorded = await downloadRecording(moto.endpoint);
    const mutating = recorded.filter((request) => !READ_ONLY.test(request.action ?? ''));
    const calls = new Map<string, number>();
    for (const request of mutating) {
      const ids = instanceIdsOf(request);
      expect(ids, `${request.action} names one instance`).toHaveLength(1);
      const call = `${request.action}:${ids[0]}`;
      calls.set(call, (calls.get(call) ?? 0) + 1);
    }
    const expectedCalls = new Map([...instanceOfKey.keys()].map((key) => [callOf(key), 1]));
    expect(calls).toEqual(expectedCalls);

    // The journals: each verifies, every action done, as many actions as mutating requests.
    let actions = 0;
    for (const { run } of outcomes) {
      const journal = records(run);
      expect(verifyJournal(journal).isOk(), run.runId).toBe(true);
      const report = (
        await motoFleetEngine(motoFleetWorkload(run.workloadId), engineOptions).status(run.runId)
      )._unsafeUnwrap();
      const statuses = report.items.flatMap((item) => item.steps.flatMap((step) => step.actions.map((a) => a.status)));
      expect(statuses, run.runId).toEqual(Array(INSTANCES * 2).fill('done'));
      actions += statuses.length;
      expect(
        journal.some((record) => record.entry.type === 'action.failed'),
        run.runId,
      ).toBe(false);
    }
    expect(mutating).toHaveLength(actions);

    // Every action A left in flight ended done after one call: reconciled if A had made it, re-run if not.
    const resolutions: string[] = [];
    for (const { run, key } of inFlight) {
      const journal = records(run).slice(atKill.get(run.runId)?.length ?? 0);
      const done = journal.find((record) => record.entry.type === 'action.done' && record.entry.key === key);
      expect(done, key).toBeDefined();
      const reconciled = done?.entry.type === 'action.done' && done.entry.reconciled;
      const intentsAfter = journal.filter(
        (record) => record.entry.type === 'action.intent' && record.entry.key === key,
      );
      if (calledAtKill.has(callOf(key))) {
        // A had made the call: B found its effect and journaled it, without another intent or call.
        expect(reconciled, key).toBe(true);
        expect(intentsAfter, key).toEqual([]);
        resolutions.push(`${callOf(key).split(':')[0]} made before the kill: reconciled`);
      } else {
        // A had not: B re-ran it (a new intent, attempt 2, the same token series: no failure in between).
        expect(reconciled, key).toBe(false);
        expect(intentsAfter.map((record) => record.entry.type === 'action.intent' && record.entry.attempt)).toEqual([
          2,
        ]);
        resolutions.push(`${callOf(key).split(':')[0]} not yet made at the kill: re-run`);
      }
      // B took the run over from A's expired lease, and journaled that.
      expect(
        journal.some((record) => record.entry.type === 'run.leaseTakenOver'),
        run.runId,
      ).toBe(true);
    }
    expect(resolutions).toContain('TerminateInstances made before the kill: reconciled');

    // Temporal retried the caught activity after a heartbeat timeout of the run's 3 s.
    const history = await client.workflow.getHandle(caught.run.workflowId).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes ?? []);
    expect(scheduled.map((attributes) => Number(attributes.heartbeatTimeout?.seconds ?? 0))).toEqual(
      scheduled.map(() => HEARTBEAT_TIMEOUT / 1000),
    );
    const retried = (history.events ?? []).flatMap((event) => {
      const started = event.activityTaskStartedEventAttributes;
      return started !== null && started !== undefined && (started.attempt ?? 1) > 1 ? [started] : [];
    });
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.some((started) => (started.lastFailure?.timeoutFailureInfo ?? null) !== null)).toBe(true);

    console.log(
      `worker A killed after ${doneAtKill} of ${actions} actions done, with ${inFlight.length} in flight (${resolutions.join('; ')}); ` +
        `worker B finished the fleet ${(finishedAfterKill / 1000).toFixed(1)} s after the kill`,
    );
  }, 170_000);
});
