/**
 * The plain-JSON records of the fake's ECS, ECR, Kinesis and Step Functions
 * resources. They live in `WorldState`, so a world saved with `snapshot()`
 * and restored with `restoreFakeCloud()` loses nothing.
 */
import type { FakeTaggedRecord } from './source-types.js';

/** An ECS cluster. DeleteCluster refuses one with live services, tasks or container instances. */
export interface FakeEcsCluster extends FakeTaggedRecord {
  readonly clusterName: string;
  /** Running tasks not started by a service, and registered container instances. */
  readonly standaloneTasks: number;
  readonly containerInstances: number;
}

/** An ECS service (long ARN format, `service/<cluster>/<name>`). DeleteService refuses one scaled above 0. */
export interface FakeEcsService extends FakeTaggedRecord {
  readonly clusterName: string;
  readonly serviceName: string;
  desiredCount: number;
}

/** An ECR repository and the images it holds. DeleteRepository without force refuses one that holds images. */
export interface FakeEcrRepository extends FakeTaggedRecord {
  readonly repositoryName: string;
  images: number;
}

/** A Kinesis data stream and its registered (enhanced fan-out) consumers. */
export interface FakeKinesisStream extends FakeTaggedRecord {
  readonly streamName: string;
  consumers: string[];
}

/** A Step Functions state machine and how many of its executions are RUNNING. */
export interface FakeStateMachine extends FakeTaggedRecord {
  readonly stateMachineName: string;
  runningExecutions: number;
}
