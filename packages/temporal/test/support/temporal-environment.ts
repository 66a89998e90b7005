import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { workflowsPath } from '../../src/index.js';
import { startTemporalServer, type TemporalServer } from './temporal-server.js';

/** What a test file of the Temporal runner works with; filled in by its `beforeAll`. */
export interface TemporalEnvironment {
  readonly server: TemporalServer;
  /** A client connection (starting, signalling, querying workflows). */
  readonly connection: Connection;
  /** A worker connection. */
  readonly native: NativeConnection;
  readonly client: Client;
  /** The run workflows, bundled once for every worker of the file. */
  readonly bundle: WorkflowBundleWithSourceMap;
}

/**
 * Registers the file's `beforeAll` (a Temporal dev server of its own, both
 * connections, the workflows bundled once) and `afterAll` (the server stopped
 * whatever happens before), and returns the environment they fill in.
 */
export function useTemporalEnvironment(): TemporalEnvironment {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const environment = {} as { -readonly [Key in keyof TemporalEnvironment]: TemporalEnvironment[Key] };
  beforeAll(async () => {
    environment.server = await startTemporalServer();
    environment.connection = await Connection.connect({ address: environment.server.address });
    environment.native = await NativeConnection.connect({ address: environment.server.address });
    environment.client = new Client({ connection: environment.connection, namespace: environment.server.namespace });
    environment.bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
  }, 180_000);
  afterAll(async () => {
    // The server goes whatever happens before (a connection a failed test's workers still hold cannot close).
    try {
      await environment.native?.close();
      await environment.connection?.close();
    } finally {
      await environment.server?.stop();
    }
  });
  return environment;
}
