/**
 * A fleet on a real Temporal server (`temporal server start-dev`, built by
 * `node scripts/setup.mjs --with-temporal`): 50 fake workloads across 10
 * accounts run to completion, each account's actions keep to its task
 * queue's rate (measured from the fake clouds' call logs, in wall-clock
 * time), every instance is terminated exactly once, every journal verifies,
 * `fleetStatus` agrees, and the recorded histories replay deterministically.
 */
import { randomUUID } from 'node:crypto';
import { verifyJournal } from '@decomkit/core';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { approveRun, createFleetWorker, fleetStatus, type RunOutcome, startFleet } from '../src/index.js';
import { accountIdOf, excessOverRate, FLEET_REGION, fakeFleet } from './support/fake-fleet.js';
import { useTemporalEnvironment } from './support/temporal-environment.js';

const ACCOUNTS = 10;
const PER_ACCOUNT = 5;
const INSTANCES = 2;
/** Actions a second each account's queue allows. */
const RATE = 4;

describe('a fleet of runs on Temporal', () => {
  const environment = useTemporalEnvironment();

  it('completes 50 workloads across 10 accounts, each account within its rate; the histories replay', async () => {
    const fleet = await fakeFleet({ accounts: ACCOUNTS, perAccount: PER_ACCOUNT, instances: INSTANCES });
    const accounts = Array.from({ length: ACCOUNTS }, (_, index) => ({
      accountId: accountIdOf(index),
      region: FLEET_REGION,
      activitiesPerSecond: RATE,
    }));
    const worker = (
      await createFleetWorker({
        connection: environment.native,
        namespace: environment.server.namespace,
        accounts,
        engineFor: fleet.engineFor,
        workflowBundle: environment.bundle,
        concurrentActivities: 8,
        heartbeatMilliseconds: 1_000,
      })
    )._unsafeUnwrap();
    const fleetId = `fleet-${randomUUID()}`;
    const { started, outcomes } = await worker.runUntil(
      (async () => {
        const begun = (
          await startFleet(
            environment.client,
            fleet.plans.map((plan) => ({ plan })),
            { fleetId },
          )
        )._unsafeUnwrap();
        for (const run of begun.started) (await approveRun(environment.client, run, 'retire', true))._unsafeUnwrap();
        const results = await Promise.all(
          begun.started.map(
            (run) => environment.client.workflow.getHandle(run.workflowId).result() as Promise<RunOutcome>,
          ),
        );
        return { started: begun, outcomes: results };
      })(),
    );
    expect(started.started).toHaveLength(ACCOUNTS * PER_ACCOUNT);
    expect(started.refused).toEqual([]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map(() => 'completed'));
    // The two items this checklist has steps for (backups, retire) are checked in every run.
    for (const outcome of outcomes) {
      expect(outcome.items.filter((item) => item.checked).map((item) => item.item)).toEqual(['backups', 'retire']);
    }

    for (const [accountId, cloud] of fleet.clouds) {
      // Every instance terminated, each by exactly one call.
      const terminated = cloud.calls.of('TerminateInstances').flatMap((call) => (call.target ?? '').split(','));
      expect(terminated.sort(), accountId).toEqual(
        cloud
          .snapshot()
          .instances.map((instance) => instance.id)
          .sort(),
      );
      expect(cloud.snapshot().instances.every((instance) => instance.state === 'terminated')).toBe(true);
      // The account's rate: a bucket of RATE a second with a burst of RATE (+1: dispatch and call are not one instant).
      const times = fleet.mutatingTimes.get(accountId) ?? [];
      expect(times.length).toBe(PER_ACCOUNT * INSTANCES * 3);
      expect(excessOverRate(times, RATE, RATE + 1), accountId).toBeLessThanOrEqual(0);
    }
    for (const run of started.started) {
      const records = fleet.journal.records(run.runId);
      expect(verifyJournal(records).isOk(), run.runId).toBe(true);
      // One intent per action: nothing carried out twice.
      const intents = records.filter((record) => record.entry.type === 'action.intent');
      expect(intents.length).toBe(INSTANCES * 3);
    }

    const status = (await fleetStatus(environment.client, fleetId))._unsafeUnwrap();
    expect(status.runs).toHaveLength(ACCOUNTS * PER_ACCOUNT);
    expect(status.byWorkflowStatus).toEqual({ COMPLETED: ACCOUNTS * PER_ACCOUNT });
    expect(status.byRunStatus).toEqual({ completed: ACCOUNTS * PER_ACCOUNT });

    const histories = await Promise.all(
      started.started.map(async (run) => ({
        workflowId: run.workflowId,
        history: await environment.client.workflow.getHandle(run.workflowId).fetchHistory(),
      })),
    );
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: environment.bundle }, histories)) {
      expect(result.error, result.workflowId).toBeUndefined();
      replayed += 1;
    }
    expect(replayed).toBe(ACCOUNTS * PER_ACCOUNT);
  }, 300_000);
});
