import { fileURLToPath } from 'node:url';
import {
  type DecomError,
  decomError,
  err,
  errAsync,
  type InputIssue,
  type InvalidInputError,
  ok,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createRunActivities, type RunActivityOptions } from './activities.js';
import { TEMPORAL_SEARCH_ATTRIBUTES } from './search-attributes.js';
import { accountTaskQueue, DEFAULT_ACTIVITIES_PER_SECOND, DEFAULT_WORKFLOW_QUEUE } from './task-queues.js';

/**
 * The workflow source the worker bundles: `src/workflows.ts` of this package
 * (published with it), found from the built files and from the sources alike.
 */
export const workflowsPath: string = fileURLToPath(new URL('../src/workflows.ts', import.meta.url));

/** One account and region whose actions this worker carries out. */
export interface AccountQueue {
  readonly accountId: string;
  readonly region: string;
  /**
   * Actions a second across the whole fleet in this account and region,
   * enforced by the Temporal server on the queue (`maxTaskQueueActivitiesPerSecond`):
   * every worker of the queue should give the same value. Default
   * {@link DEFAULT_ACTIVITIES_PER_SECOND} (EC2's mutating refill rate).
   */
  readonly activitiesPerSecond?: number;
}

/** Options of {@link createFleetWorker}. */
export interface FleetWorkerOptions extends RunActivityOptions {
  /** A connection to the Temporal server (`NativeConnection.connect({ address })`). */
  readonly connection: NativeConnection;
  /** Default `default`. */
  readonly namespace?: string;
  /** The account queues this process serves (at least one, unless it only runs workflows). */
  readonly accounts: readonly AccountQueue[];
  /** Whether this process also runs the run workflows (their logic makes no AWS call). Default true. */
  readonly workflows?: boolean;
  /** The workflow task queue; default {@link DEFAULT_WORKFLOW_QUEUE}, as `startFleet`'s. */
  readonly workflowQueue?: string;
  /** Activities this process runs at once on each account queue. Default 4. */
  readonly concurrentActivities?: number;
  /** A bundle made once with `bundleWorkflowCode({ workflowsPath })`, to spare bundling per worker. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The Temporal workers of one process: a workflow worker and one activity worker per account queue. */
export interface FleetWorker {
  /** Runs until {@link FleetWorker.shutdown} or a worker fails. */
  run(): Promise<void>;
  /** Runs until `until` settles, then shuts down; its value or error is returned. */
  runUntil<T>(until: Promise<T>): Promise<T>;
  /** Stops polling; running activities finish (or are cancelled at the shutdown grace time). */
  shutdown(): void;
}

/**
 * Creates the workers a fleet process runs, in your own infrastructure: the
 * run workflows on the workflow queue, and each account's actions on its own
 * queue at that account's rate. Start as many such processes as you like;
 * the server shares the work and holds each account's rate across all of
 * them, and the workflow id gives each run one runner.
 *
 * @example
 * ```ts
 * const connection = await NativeConnection.connect({ address: 'temporal.internal:7233' });
 * const worker = (
 *   await createFleetWorker({
 *     connection,
 *     accounts: [{ accountId: '111122223333', region: 'eu-west-1', activitiesPerSecond: 5 }],
 *     engineFor: ({ workload }) => engineOf(workload),
 *   })
 * )._unsafeUnwrap();
 * await worker.run();
 * ```
 */
export function createFleetWorker(options: FleetWorkerOptions): ResultAsync<FleetWorker, DecomError> {
  const issues = checkOptions(options);
  if (issues.length > 0) {
    const message = `invalid fleet worker options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
    return errAsync(decomError.invalidInput(message, issues));
  }
  const namespace = options.namespace ?? 'default';
  const failure = (what: string) => (cause: unknown) =>
    decomError.providerFailure({
      message: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
      retryable: false,
      cause,
    });
  return ResultAsync.fromPromise(
    options.connection.operatorService.listSearchAttributes({ namespace }),
    failure(`could not read the search attributes of namespace "${namespace}"`),
  )
    .andThen((listed) => searchAttributesIssue(namespace, listed.customAttributes ?? {}))
    .andThen(() => ResultAsync.fromPromise(createWorkers(options), failure('could not create the Temporal workers')));
}

async function createWorkers(options: FleetWorkerOptions): Promise<FleetWorker> {
  const namespace = options.namespace ?? 'default';
  const activities = createRunActivities(options);
  const workers: Worker[] = [];
  try {
    if (options.workflows !== false) {
      workers.push(
        await Worker.create({
          connection: options.connection,
          namespace,
          taskQueue: options.workflowQueue ?? DEFAULT_WORKFLOW_QUEUE,
          ...(options.workflowBundle === undefined ? { workflowsPath } : { workflowBundle: options.workflowBundle }),
        }),
      );
    }
    for (const account of options.accounts) {
      workers.push(
        await Worker.create({
          connection: options.connection,
          namespace,
          taskQueue: accountTaskQueue(account.accountId, account.region),
          activities,
          maxTaskQueueActivitiesPerSecond: account.activitiesPerSecond ?? DEFAULT_ACTIVITIES_PER_SECOND,
          maxConcurrentActivityTaskExecutions: options.concurrentActivities ?? 4,
        }),
      );
    }
  } catch (error) {
    for (const worker of workers) worker.shutdown();
    throw error;
  }
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= Promise.all(workers.map((worker) => worker.run())).then(() => undefined);
    return running;
  };
  const shutdown = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    run,
    shutdown,
    async runUntil<T>(until: Promise<T>): Promise<T> {
      const runs = run();
      try {
        return await Promise.race([until, runs.then(() => until)]);
      } finally {
        shutdown();
        await runs;
      }
    },
  };
}

/** The server's indexed value type names of decomkit's attribute types. */
const INDEXED_TYPES: Record<string, string> = {
  KEYWORD: 'INDEXED_VALUE_TYPE_KEYWORD',
  KEYWORD_LIST: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
};

/**
 * Refuses a namespace whose decomkit search attributes are missing or of
 * another type: a run workflow that sets one would fail its workflow task
 * again and again, stuck rather than failed.
 */
function searchAttributesIssue(
  namespace: string,
  registered: Readonly<Record<string, unknown>>,
): Result<void, InvalidInputError> {
  const wrong: string[] = [];
  for (const key of Object.values(TEMPORAL_SEARCH_ATTRIBUTES)) {
    const type = registered[key.name];
    const name = typeof type === 'number' ? INDEXED_VALUE_TYPES[type] : type;
    if (name !== `INDEXED_VALUE_TYPE_${key.type}`) {
      wrong.push(
        `${key.name} must be ${key.type}, ${type === undefined ? 'not registered' : `registered as ${String(name)}`}`,
      );
    }
  }
  if (wrong.length === 0) return ok(undefined);
  return err(
    decomError.invalidInput(
      `namespace "${namespace}" lacks decomkit's search attributes (${wrong.join('; ')}): register them with \`temporal operator search-attribute create\``,
      wrong.map((message) => ({ path: 'namespace', message })),
    ),
  );
}

/** The server's `IndexedValueType` enumeration, by number (as its responses carry it). */
const INDEXED_VALUE_TYPES: Readonly<Record<number, string>> = {
  1: 'INDEXED_VALUE_TYPE_TEXT',
  2: 'INDEXED_VALUE_TYPE_KEYWORD',
  3: 'INDEXED_VALUE_TYPE_INT',
  4: 'INDEXED_VALUE_TYPE_DOUBLE',
  5: 'INDEXED_VALUE_TYPE_BOOL',
  6: 'INDEXED_VALUE_TYPE_DATETIME',
  7: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
};

const ACCOUNT_ID = /^\d{12}$/;

function checkOptions(options: FleetWorkerOptions): InputIssue[] {
  const issues: InputIssue[] = [];
  if (options === null || typeof options !== 'object') return [{ path: '(options)', message: 'must be an object' }];
  if (typeof options.engineFor !== 'function') issues.push({ path: 'engineFor', message: 'must be a function' });
  if (options.connection === undefined || options.connection === null)
    issues.push({ path: 'connection', message: 'must be a NativeConnection' });
  if (!Array.isArray(options.accounts)) {
    issues.push({ path: 'accounts', message: 'must be an array of { accountId, region }' });
    return issues;
  }
  if (options.accounts.length === 0 && options.workflows === false)
    issues.push({ path: 'accounts', message: 'a worker without workflows needs at least one account' });
  const seen = new Set<string>();
  options.accounts.forEach((account, index) => {
    const path = `accounts[${index}]`;
    if (!ACCOUNT_ID.test(String(account?.accountId)))
      issues.push({ path: `${path}.accountId`, message: 'must be a 12-digit AWS account id' });
    if (typeof account?.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(account.region))
      issues.push({
        path: `${path}.region`,
        message: `must be an AWS region such as eu-west-1, got ${String(account?.region)}`,
      });
    const rate = account?.activitiesPerSecond;
    if (rate !== undefined && !(typeof rate === 'number' && Number.isFinite(rate) && rate > 0))
      issues.push({ path: `${path}.activitiesPerSecond`, message: 'must be a number above 0' });
    const queue = `${account?.accountId}/${account?.region}`;
    if (seen.has(queue)) issues.push({ path, message: `${queue} is given twice` });
    seen.add(queue);
  });
  const concurrent = options.concurrentActivities;
  if (concurrent !== undefined && !(Number.isInteger(concurrent) && concurrent >= 1))
    issues.push({ path: 'concurrentActivities', message: 'must be an integer of at least 1' });
  return issues;
}
