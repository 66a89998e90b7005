/**
 * One run's workflow on a real Temporal server: an approval signal releases
 * the waiting gate, a denial ends the run waiting with nothing deleted, a
 * second workflow of a running run is refused by the server, a `notBefore`
 * gate is a durable timer, cancelling leaves a journal that resumes, and bad
 * input is refused before anything starts.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import {
  approveRun,
  createFleetWorker,
  type FleetRunRef,
  type RunOutcome,
  type RunProgress,
  startFleet,
} from '../src/index.js';
import { accountIdOf, type FakeFleet, FLEET_REGION, fakeFleet } from './support/fake-fleet.js';
import { useTemporalEnvironment } from './support/temporal-environment.js';
import { startTemporalServer } from './support/temporal-server.js';

/** What a run's activity heartbeats with. */
interface HeartbeatDetails {
  readonly runId: string;
  readonly what: string;
  readonly checkpoint: unknown;
}

describe('the workflow of one run', () => {
  const environment = useTemporalEnvironment();

  /** A worker for the fleet's one account, on task queues of this test alone. */
  const workerFor = async (fleet: FakeFleet, workflowQueue: string) =>
    (
      await createFleetWorker({
        connection: environment.native,
        namespace: environment.server.namespace,
        accounts: [{ accountId: accountIdOf(0), region: FLEET_REGION, activitiesPerSecond: 50 }],
        engineFor: fleet.engineFor,
        workflowBundle: environment.bundle,
        workflowQueue,
        heartbeatMilliseconds: 500,
      })
    )._unsafeUnwrap();

  const oneRun = (prefix: string, extra: Partial<Parameters<typeof fakeFleet>[0]> = {}) =>
    fakeFleet({ accounts: 1, perAccount: 1, instances: 2, prefix: `${prefix}-${randomUUID().slice(0, 8)}`, ...extra });

  /** Queries the run's progress until `until` holds (the workflow answers from its own state). */
  const progressUntil = async (run: FleetRunRef, until: (progress: RunProgress) => boolean) => {
    const handle = environment.client.workflow.getHandle(run.workflowId);
    let last: RunProgress | null = null;
    for (let attempt = 0; attempt < 600; attempt += 1) {
      last = await handle.query<RunProgress>('decomkit.progress').catch(() => last);
      if (last !== null && until(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${run.runId} never reached the expected progress; last seen ${JSON.stringify(last)}`);
  };

  /** The instances terminated, one entry per instance a TerminateInstances call named. */
  const terminations = (fleet: FakeFleet) =>
    [...fleet.clouds.values()].flatMap((cloud) =>
      cloud.calls
        .of('TerminateInstances')
        .flatMap((call) => (call.target ?? '').split(',').map((instance) => ({ instance, at: call.at }))),
    );

  it('waits for the approval signal, then carries out the gated deletions; a second start is refused meanwhile', async () => {
    const fleet = await oneRun('approve');
    const workflowQueue = `runs-${randomUUID()}`;
    const worker = await workerFor(fleet, workflowQueue);
    const plan = fleet.plans[0];
    if (plan === undefined) throw new Error('fixture');
    const outcome = await worker.runUntil(
      (async () => {
        const [run] = (
          await startFleet(environment.client, [{ plan }], { fleetId: 'approve', workflowQueue })
        )._unsafeUnwrap().started;
        if (run === undefined) throw new Error('not started');
        const waiting = await progressUntil(run, (progress) => progress.phase === 'awaiting-approval');
        expect(waiting.awaitingApprovals).toEqual(['retire']);
        expect(waiting.counts.done).toBe(4); // two backups, two stops
        expect(waiting.counts.waiting).toBe(2); // the two deletions
        expect(terminations(fleet)).toEqual([]);
        // The server refuses a second workflow of the same run while the first runs.
        const again = (
          await startFleet(environment.client, [{ plan }], { fleetId: 'approve', workflowQueue })
        )._unsafeUnwrap();
        expect(again.started).toEqual([]);
        expect(again.refused.map((refused) => [refused.workflowId, refused.error.code])).toEqual([
          [run.workflowId, 'Conflict'],
        ]);
        (await approveRun(environment.client, run, 'retire', true))._unsafeUnwrap();
        return (await environment.client.workflow.getHandle(run.workflowId).result()) as RunOutcome;
      })(),
    );
    expect(outcome.status).toBe('completed');
    expect(terminations(fleet)).toHaveLength(2);
    const records = fleet.journal.records(outcome.runId).map((record) => record.entry.type);
    expect(records.filter((type) => type.startsWith('approval.'))).toEqual(['approval.granted']);
  }, 120_000);

  it('ends waiting when the approval is denied, with nothing deleted and the denial journaled', async () => {
    const fleet = await oneRun('deny');
    const workflowQueue = `runs-${randomUUID()}`;
    const worker = await workerFor(fleet, workflowQueue);
    const plans = fleet.plans.map((plan) => ({ plan }));
    const outcome = await worker.runUntil(
      (async () => {
        const [run] = (await startFleet(environment.client, plans, { fleetId: 'deny', workflowQueue }))._unsafeUnwrap()
          .started;
        if (run === undefined) throw new Error('not started');
        await progressUntil(run, (progress) => progress.phase === 'awaiting-approval');
        (await approveRun(environment.client, run, 'retire', false))._unsafeUnwrap();
        return (await environment.client.workflow.getHandle(run.workflowId).result()) as RunOutcome;
      })(),
    );
    expect(outcome.status).toBe('waiting');
    expect(terminations(fleet)).toEqual([]);
    const types = fleet.journal.records(outcome.runId).map((record) => record.entry.type);
    expect(types.filter((type) => type.startsWith('approval.'))).toEqual(['approval.denied']);
  }, 120_000);

  it('waits for a notBefore date on a durable timer, then deletes', async () => {
    const now = Date.now();
    const deleteAt = new Date(now + 6_000).toISOString();
    const fleet = await oneRun('timer', {
      now: new Date(now).toISOString(),
      sunset: { stopAt: new Date(now - 3_600_000).toISOString(), deleteAt },
      backupMinutes: 0, // the fake clock follows the wall clock here: backups must not take fake minutes
      wallClock: true,
    });
    // The engine reads the wall clock; the fake cloud's own clock follows it (it only moves forward).
    const cloud = [...fleet.clouds.values()][0];
    const ticking = setInterval(() => cloud?.clock.set(new Date()), 100);
    try {
      const workflowQueue = `runs-${randomUUID()}`;
      const worker = await workerFor(fleet, workflowQueue);
      const plans = fleet.plans.map((plan) => ({ plan }));
      const { outcome, run } = await worker.runUntil(
        (async () => {
          const [started] = (
            await startFleet(environment.client, plans, { fleetId: 'timer', workflowQueue })
          )._unsafeUnwrap().started;
          if (started === undefined) throw new Error('not started');
          (await approveRun(environment.client, started, 'retire', true))._unsafeUnwrap();
          const sleeping = await progressUntil(started, (progress) => progress.phase === 'sleeping');
          expect(sleeping.wakesAt).toBe(deleteAt);
          return {
            run: started,
            outcome: (await environment.client.workflow.getHandle(started.workflowId).result()) as RunOutcome,
          };
        })(),
      );
      expect(outcome.status).toBe('completed');
      const deletions = terminations(fleet);
      expect(deletions).toHaveLength(2);
      // Deleted on the wall clock's deleteAt or after (the fake's clock follows the wall clock to 100 ms).
      for (const call of deletions) expect(Date.parse(call.at)).toBeGreaterThanOrEqual(Date.parse(deleteAt) - 100);
      const history = await environment.client.workflow.getHandle(run.workflowId).fetchHistory();
      const timers = (history.events ?? []).filter((event) => event.timerStartedEventAttributes);
      expect(timers.length).toBeGreaterThan(0);
    } finally {
      clearInterval(ticking);
    }
  }, 120_000);

  it("heartbeats carry the running action's last journaled checkpoint", async () => {
    const now = Date.now();
    const fleet = await oneRun('heartbeat', {
      now: new Date(now).toISOString(),
      backupMinutes: 0.1, // six seconds on the wall clock the fake clock follows here
      wallClock: true,
    });
    const cloud = [...fleet.clouds.values()][0];
    const ticking = setInterval(() => cloud?.clock.set(new Date()), 100);
    try {
      const workflowQueue = `runs-${randomUUID()}`;
      const worker = await workerFor(fleet, workflowQueue);
      const plans = fleet.plans.map((plan) => ({ plan }));
      const details = await worker.runUntil(
        (async () => {
          const [run] = (
            await startFleet(environment.client, plans, {
              fleetId: 'heartbeat',
              workflowQueue,
              heartbeatTimeoutMilliseconds: 2_000, // the SDK sends details at most every 0.8 × the timeout
            })
          )._unsafeUnwrap().started;
          if (run === undefined) throw new Error('not started');
          const handle = environment.client.workflow.getHandle(run.workflowId);
          for (let attempt = 0; attempt < 200; attempt += 1) {
            const pending = (await handle.describe()).raw.pendingActivities ?? [];
            const payload = pending[0]?.heartbeatDetails?.payloads?.[0];
            const decoded =
              payload === undefined ? null : defaultPayloadConverter.fromPayload<HeartbeatDetails>(payload);
            if (decoded?.checkpoint !== null && decoded?.checkpoint !== undefined) {
              await handle.cancel();
              return decoded;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          throw new Error('no heartbeat with a checkpoint');
        })(),
      );
      expect(details.what).toContain('backup.create');
      const journaled = fleet.journal
        .records(details.runId)
        .map((record) => record.entry)
        .filter((entry) => entry.type === 'action.checkpoint' && entry.key === details.what);
      expect(journaled.map((entry) => (entry as { checkpoint: unknown }).checkpoint)).toContainEqual(
        details.checkpoint,
      );
    } finally {
      clearInterval(ticking);
    }
  }, 120_000);

  it('cancelling a waiting run ends its workflow cancelled; started again, the run resumes its journal and completes', async () => {
    const fleet = await oneRun('cancel');
    const workflowQueue = `runs-${randomUUID()}`;
    const worker = await workerFor(fleet, workflowQueue);
    const plans = fleet.plans.map((plan) => ({ plan }));
    const { cancelledAt, outcome } = await worker.runUntil(
      (async () => {
        const [started] = (
          await startFleet(environment.client, plans, { fleetId: 'cancel', workflowQueue })
        )._unsafeUnwrap().started;
        if (started === undefined) throw new Error('not started');
        await progressUntil(started, (progress) => progress.phase === 'awaiting-approval');
        const handle = environment.client.workflow.getHandle(started.workflowId);
        await handle.cancel();
        const ended = await handle.result().then(
          () => null,
          (error: unknown) => error,
        );
        expect(ended).toBeInstanceOf(WorkflowFailedError);
        expect((await handle.describe()).status.name).toBe('CANCELLED');
        const doneWhenCancelled = fleet.journal
          .records(started.runId)
          .filter((record) => record.entry.type === 'action.done').length;
        expect(terminations(fleet)).toEqual([]);
        // The same run again: a new workflow with the same id resumes the journal.
        const again = (
          await startFleet(environment.client, plans, { fleetId: 'cancel', workflowQueue })
        )._unsafeUnwrap();
        expect(again.started.map((run) => run.workflowId)).toEqual([started.workflowId]);
        (await approveRun(environment.client, started, 'retire', true))._unsafeUnwrap();
        return {
          cancelledAt: doneWhenCancelled,
          outcome: (await environment.client.workflow.getHandle(started.workflowId).result()) as RunOutcome,
        };
      })(),
    );
    expect(outcome.status).toBe('completed');
    expect(terminations(fleet)).toHaveLength(2);
    // Nothing done before the cancellation was done again: only the two deletions were added.
    const done = fleet.journal.records(outcome.runId).filter((record) => record.entry.type === 'action.done');
    expect(cancelledAt).toBe(4);
    expect(done).toHaveLength(6);
  }, 120_000);

  it('refuses bad fleets and worker options, naming what is wrong, and starts nothing', async () => {
    const fleet = await oneRun('bad');
    const plan = fleet.plans[0];
    if (plan === undefined) throw new Error('fixture');
    const badFleet = await startFleet(environment.client, [{ plan }], { fleetId: 'no spaces allowed' });
    expect(badFleet._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(badFleet._unsafeUnwrapErr().message).toContain('fleetId');
    const twice = await startFleet(environment.client, [{ plan }, { plan }], { fleetId: 'twice' });
    expect(twice._unsafeUnwrapErr().message).toContain('is given twice');
    const notAPlan = await startFleet(environment.client, [{ plan: { hash: 'x' } as never }], {
      fleetId: 'not-a-plan',
    });
    expect(notAPlan._unsafeUnwrapErr().message).toContain('runs[0].plan');
    const listed = [];
    for await (const execution of environment.client.workflow.list({
      query: `DecomkitWorkload = '${plan.workload.id}'`,
    }))
      listed.push(execution);
    expect(listed).toEqual([]);
    const badWorker = await createFleetWorker({
      connection: environment.native,
      accounts: [{ accountId: '42', region: 'mars-1' }],
      engineFor: fleet.engineFor,
    });
    expect(badWorker._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(badWorker._unsafeUnwrapErr().message).toContain('accounts[0].accountId');
    expect(badWorker._unsafeUnwrapErr().message).toContain('accounts[0].region');
  }, 60_000);

  it("refuses to create workers for a namespace without decomkit's search attributes, or with one of another type", async () => {
    // A run's workflow task would fail on every attempt there: stuck, not failed.
    const bare = await startTemporalServer({ searchAttributes: { DecomkitItem: 'Keyword', DecomkitFleet: 'Keyword' } });
    const bareConnection = await NativeConnection.connect({ address: bare.address });
    try {
      const fleet = await oneRun('bare');
      const refused = await createFleetWorker({
        connection: bareConnection,
        accounts: [{ accountId: accountIdOf(0), region: FLEET_REGION }],
        engineFor: fleet.engineFor,
        workflowBundle: environment.bundle,
      });
      const error = refused._unsafeUnwrapErr();
      expect(error.code).toBe('InvalidInput');
      expect(error.message).toContain('DecomkitItem must be KEYWORD_LIST, registered as INDEXED_VALUE_TYPE_KEYWORD');
      expect(error.message).toContain('DecomkitAccount must be KEYWORD, not registered');
      expect(error.message).not.toContain('DecomkitFleet');
    } finally {
      await bareConnection.close();
      await bare.stop();
    }
  }, 60_000);
});
