import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPORAL_SEARCH_ATTRIBUTES } from '../src/index.js';
import * as activities from './support/smoke-activities.js';
import type { smokeWorkflow } from './support/smoke-workflows.js';
import { startTemporalServer, type TemporalServer } from './support/temporal-server.js';

// The SDK logs at INFO (webpack's whole report among it): warnings and errors only.
Runtime.install({ logger: new DefaultLogger('WARN') });

const WORKFLOWS_PATH = fileURLToPath(new URL('./support/smoke-workflows.ts', import.meta.url));
const ACCOUNT = '123456789012';

/**
 * The stack decomkit's Temporal runner stands on, end to end: a real `temporal server start-dev` (the CLI built
 * by `node scripts/setup.mjs --with-temporal`), a worker running a TypeScript workflow bundled by the SDK, a
 * client, workflow-id uniqueness and decomkit's custom search attributes.
 */
describe('Temporal dev server, worker and client (smoke)', () => {
  let server: TemporalServer;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    server = await startTemporalServer();
    connection = await Connection.connect({ address: server.address });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace });
    // Bundled once per file (webpack: seconds), shared by every worker of the file.
    workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  });

  afterAll(async () => {
    // The server goes whatever happens before (a connection a failed test's workers still hold cannot close).
    try {
      await nativeConnection?.close();
      await connection?.close();
    } finally {
      await server?.stop();
    }
  });

  const newWorker = (taskQueue: string) =>
    Worker.create({ connection: nativeConnection, namespace: server.namespace, taskQueue, workflowBundle, activities });

  it('runs a workflow that calls an activity and waits on a durable timer', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const workflowId = `smoke-${randomUUID()}`;
    const worker = await newWorker(taskQueue);
    const result = await worker.runUntil(
      client.workflow.execute<typeof smokeWorkflow>('smokeWorkflow', {
        taskQueue,
        workflowId,
        args: ['decomkit', 3_000],
      }),
    );
    expect(result).toBe('hello, decomkit');

    const handle = client.workflow.getHandle(workflowId);
    const events = (await handle.fetchHistory()).events ?? [];
    const activity = events.find((event) => event.activityTaskScheduledEventAttributes);
    expect(activity?.activityTaskScheduledEventAttributes?.activityType?.name).toBe('greet');
    const timer = events.find((event) => event.timerStartedEventAttributes);
    expect(String(timer?.timerStartedEventAttributes?.startToFireTimeout?.seconds)).toBe('3');
    expect(events.some((event) => event.timerFiredEventAttributes)).toBe(true);
    // Set by the workflow itself (upsertSearchAttributes), read back from the server.
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(TEMPORAL_SEARCH_ATTRIBUTES.item)).toEqual([
      'retire-resources',
      'deletion-check',
    ]);
  });

  it('refuses a second workflow with the id of a running one, and of a closed one under REJECT_DUPLICATE', async () => {
    // No worker on this task queue: the first workflow stays running.
    const taskQueue = `smoke-${randomUUID()}`;
    const workflowId = `smoke-${randomUUID()}`;
    const options = { taskQueue, workflowId, args: ['first', 1_000] as [string, number] };
    const first = await client.workflow.start<typeof smokeWorkflow>('smokeWorkflow', options);
    await expect(client.workflow.start<typeof smokeWorkflow>('smokeWorkflow', options)).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await first.terminate('smoke test');
    await expect(
      client.workflow.start<typeof smokeWorkflow>('smokeWorkflow', {
        ...options,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    // The SDK's default (ALLOW_DUPLICATE) starts a new run once the first is closed.
    const second = await client.workflow.start<typeof smokeWorkflow>('smokeWorkflow', options);
    expect(second.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    await second.terminate('smoke test');
  });

  it('sets decomkit search attributes at start, reads them back and finds the workflow by them', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const workflowId = `smoke-${randomUUID()}`;
    const workload = `workload-${randomUUID()}`;
    const handle = await client.workflow.start<typeof smokeWorkflow>('smokeWorkflow', {
      taskQueue,
      workflowId,
      args: ['attributes', 1_000],
      typedSearchAttributes: [
        { key: TEMPORAL_SEARCH_ATTRIBUTES.account, value: ACCOUNT },
        { key: TEMPORAL_SEARCH_ATTRIBUTES.workload, value: workload },
        { key: TEMPORAL_SEARCH_ATTRIBUTES.fleet, value: 'fleet-1' },
      ],
    });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(TEMPORAL_SEARCH_ATTRIBUTES.account)).toBe(ACCOUNT);
    expect(description.typedSearchAttributes.get(TEMPORAL_SEARCH_ATTRIBUTES.workload)).toBe(workload);
    expect(description.typedSearchAttributes.get(TEMPORAL_SEARCH_ATTRIBUTES.fleet)).toBe('fleet-1');

    // Visibility is eventually consistent: ask until the run shows (the test's timeout bounds the wait).
    const query = `DecomkitAccount = '${ACCOUNT}' AND DecomkitWorkload = '${workload}'`;
    let found: string[] = [];
    while (found.length === 0) {
      found = [];
      for await (const execution of client.workflow.list({ query })) found.push(execution.workflowId);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toEqual([workflowId]);
    await handle.terminate('smoke test');
  });
});
