import type { WorldState } from '../world.js';
import type { Place } from './arns.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** An ECS cluster. */
export interface EcsClusterSeed extends CommonSeed {
  readonly clusterName: string;
  /** Running tasks not started by a service; default 0. */
  readonly standaloneTasks?: number;
  /** Registered container instances; default 0. */
  readonly containerInstances?: number;
}

/** An ECS service of `clusterName` (seeded as its own cluster when no cluster seed names it). */
export interface EcsServiceSeed extends CommonSeed {
  readonly clusterName: string;
  readonly serviceName: string;
  /** Default 1. */
  readonly desiredCount?: number;
}

/** An ECR repository. */
export interface EcrRepositorySeed extends CommonSeed {
  readonly repositoryName: string;
  /** Images it holds; default 0. */
  readonly images?: number;
}

/** A Kinesis data stream. */
export interface KinesisStreamSeed extends CommonSeed {
  readonly streamName: string;
  /** Names of its registered consumers; default none. */
  readonly consumers?: readonly string[];
}

/** A Step Functions state machine. */
export interface StateMachineSeed extends CommonSeed {
  readonly stateMachineName: string;
  /** RUNNING executions; default 0. */
  readonly runningExecutions?: number;
}

/** The ECS, ECR, Kinesis and Step Functions resources a fake cloud can start with. */
export interface ContainerStreamSeed {
  readonly ecsClusters?: readonly EcsClusterSeed[];
  readonly ecsServices?: readonly EcsServiceSeed[];
  readonly repositories?: readonly EcrRepositorySeed[];
  readonly streams?: readonly KinesisStreamSeed[];
  readonly stateMachines?: readonly StateMachineSeed[];
}

/** The part of the world state this file builds. */
export type ContainerStreamState = Pick<
  WorldState,
  'ecsClusters' | 'ecsServices' | 'repositories' | 'streams' | 'stateMachines'
>;

/** A tagged record of a seed: place defaults, name, tags. */
type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

/** `arn:aws:<service>:<region>:<account>:<resource>`. */
const arnIn = (service: string, resource: string) => (place: Place) =>
  `arn:aws:${service}:${place.region}:${place.accountId}:${resource}`;

/** Builds the ECS clusters and services, ECR repositories, Kinesis streams and state machines of a seed. */
export function containerStreamStateFromSeed(seed: ContainerStreamSeed, recordOf: RecordOf): ContainerStreamState {
  const services = seed.ecsServices ?? [];
  const named = new Set((seed.ecsClusters ?? []).map((cluster) => cluster.clusterName));
  const implied = [...new Set(services.map((service) => service.clusterName))].filter((name) => !named.has(name));
  return {
    ecsClusters: [...(seed.ecsClusters ?? []), ...implied.map((clusterName): EcsClusterSeed => ({ clusterName }))].map(
      (cluster) => ({
        ...recordOf(cluster, arnIn('ecs', `cluster/${cluster.clusterName}`), cluster.clusterName),
        clusterName: cluster.clusterName,
        standaloneTasks: cluster.standaloneTasks ?? 0,
        containerInstances: cluster.containerInstances ?? 0,
      }),
    ),
    ecsServices: services.map((service) => ({
      ...recordOf(service, arnIn('ecs', `service/${service.clusterName}/${service.serviceName}`), service.serviceName),
      clusterName: service.clusterName,
      serviceName: service.serviceName,
      desiredCount: service.desiredCount ?? 1,
    })),
    repositories: (seed.repositories ?? []).map((repository) => ({
      ...recordOf(repository, arnIn('ecr', `repository/${repository.repositoryName}`), repository.repositoryName),
      repositoryName: repository.repositoryName,
      images: repository.images ?? 0,
    })),
    streams: (seed.streams ?? []).map((stream) => ({
      ...recordOf(stream, arnIn('kinesis', `stream/${stream.streamName}`), stream.streamName),
      streamName: stream.streamName,
      consumers: [...(stream.consumers ?? [])],
    })),
    stateMachines: (seed.stateMachines ?? []).map((machine) => ({
      ...recordOf(machine, arnIn('states', `stateMachine:${machine.stateMachineName}`), machine.stateMachineName),
      stateMachineName: machine.stateMachineName,
      runningExecutions: machine.runningExecutions ?? 0,
    })),
  };
}

/** Fills in what a world saved before these types were modelled lacks (none of them), for `restoreFakeCloud`. */
export function withContainerStreamDefaults(state: WorldState): WorldState {
  const saved: Partial<ContainerStreamState> = state;
  return {
    ...state,
    ecsClusters: saved.ecsClusters ?? [],
    ecsServices: saved.ecsServices ?? [],
    repositories: saved.repositories ?? [],
    streams: saved.streams ?? [],
    stateMachines: saved.stateMachines ?? [],
  };
}
