import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/** A continuous replication task (DMS). */
export interface ReplicationTask {
  readonly arn: string;
  readonly status: string;
  /** Seconds the target lags the source; 0 when caught up; null when unknown. */
  readonly lagSeconds: number | null;
  readonly tags: Readonly<Record<string, string>>;
}

/** Source port `replication`: tasks, and the handler for `replication.stop`. */
export interface ReplicationPort extends PortBase {
  /** Handlers for `replication.stop`. */
  readonly handlers: PortHandlers<'replication.stop'>;
  listTasks(): ResultAsync<readonly ReplicationTask[], DecomError>;
}
