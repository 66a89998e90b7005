/**
 * A fleet worker process (run by worker-process.ts as a child of the test):
 * the run workflows and the actions of the fleet's one account queue, each
 * run's engine on moto with the journal directory every worker shares.
 * Everything it needs comes as JSON in argv[2] ({@link MotoFleetWorkerConfig}).
 * It prints `ready` once its workers poll, and exits when its parent goes
 * (stdin closes), so a test that dies leaves no worker behind.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createFleetWorker } from '../../src/index.js';
import {
  heldEc2Clients,
  MOTO_FLEET_ACCOUNT,
  MOTO_FLEET_REGION,
  type MotoFleetEngineOptions,
  motoFleetEngine,
} from './moto-fleet.js';

/** What a worker process is told. */
export interface MotoFleetWorkerConfig {
  /** The Temporal frontend, `host:port`. */
  readonly address: string;
  readonly namespace: string;
  /** moto_server's endpoint. */
  readonly endpoint: string;
  readonly journalDirectory: string;
  readonly leaseTimeoutMilliseconds: number;
  /** `workflowBundle.codePath`: the workflows bundled once by the test. */
  readonly workflowCodePath: string;
  readonly activitiesPerSecond: number;
  readonly heartbeatMilliseconds: number;
  /** > 0: StopInstances is held that long before it is sent, a TerminateInstances answer after (see `heldEc2Clients`). */
  readonly holdMilliseconds: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as MotoFleetWorkerConfig;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const engineOptions: MotoFleetEngineOptions = {
    endpoint: config.endpoint,
    journalDirectory: config.journalDirectory,
    leaseTimeoutMilliseconds: config.leaseTimeoutMilliseconds,
    ...(config.holdMilliseconds > 0 ? { clients: heldEc2Clients(config.endpoint, config.holdMilliseconds) } : {}),
  };
  const connection = await NativeConnection.connect({ address: config.address });
  const worker = (
    await createFleetWorker({
      connection,
      namespace: config.namespace,
      accounts: [
        { accountId: MOTO_FLEET_ACCOUNT, region: MOTO_FLEET_REGION, activitiesPerSecond: config.activitiesPerSecond },
      ],
      engineFor: ({ workload }) => motoFleetEngine(workload, engineOptions),
      workflowBundle: { codePath: config.workflowCodePath },
      heartbeatMilliseconds: config.heartbeatMilliseconds,
    })
  )._unsafeUnwrap();
  process.stdin.on('end', () => process.exit(3));
  process.stdin.resume();
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
