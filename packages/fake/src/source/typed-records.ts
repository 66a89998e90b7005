import type { FakeInstance, WorldState } from '../world.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** The lists of the source state that hold tagged resources. */
export type TaggedLists = Pick<
  WorldState,
  | 'volumes'
  | 'snapshots'
  | 'images'
  | 'addresses'
  | 'securityGroups'
  | 'autoScalingGroups'
  | 'loadBalancers'
  | 'targetGroups'
  | 'dbInstances'
  | 'dbClusters'
  | 'buckets'
  | 'tables'
  | 'functions'
  | 'queues'
  | 'ecsClusters'
  | 'ecsServices'
  | 'repositories'
  | 'streams'
  | 'stateMachines'
  | 'topics'
  | 'rules'
  | 'logGroups'
  | 'alarms'
  | 'secrets'
  | 'cacheGroups'
  | 'cacheClusters'
  | 'fileSystems'
  | 'warehouses'
  | 'searchDomains'
  | 'gatewayApis'
  | 'distributions'
  | 'eksClusters'
  | 'eksNodegroups'
  | 'eventSourceMappings'
  | 'kmsKeys'
  | 'vpcs'
  | 'subnets'
  | 'routeTables'
  | 'internetGateways'
  | 'natGateways'
  | 'vpcEndpoints'
  | 'networkInterfaces'
  | 'otherResources'
  | 'stacks'
>;

/** One resource of the fake source with its type. */
export interface TypedRecord {
  readonly record: FakeTaggedRecord;
  readonly type: string;
}

/** One list of the source state, the type of its records, and which of them are live (absent: all). */
type TypedList = readonly [records: readonly FakeTaggedRecord[], type: string, live?: (record: never) => boolean];

/**
 * Every live resource of the fake source with its type (terminated instances
 * are gone): what the tagging API lists and AWS Config starts having recorded.
 */
export function typedRecords(state: TaggedLists, instances: readonly FakeInstance[]): TypedRecord[] {
  return [...eachTypedRecord(state, instances)];
}

/**
 * The records of `typedRecords`, in the same order, one at a time and only of
 * the types `wanted` keeps (default: every type): a caller after one type, or
 * one ARN, neither walks nor copies the others (a world of 100,000 instances
 * is not listed whole for each page of each type the tagging API is asked for).
 */
export function* eachTypedRecord(
  state: TaggedLists,
  instances: readonly FakeInstance[],
  wanted: (type: string) => boolean = () => true,
): Generator<TypedRecord> {
  for (const [records, type, live] of typedLists(state, instances)) {
    if (!wanted(type)) continue;
    for (const record of records) if (live === undefined || live(record as never)) yield { record, type };
  }
  for (const other of state.otherResources) if (wanted(other.type)) yield { record: other, type: other.type };
}

function typedLists(state: TaggedLists, instances: readonly FakeInstance[]): readonly TypedList[] {
  return [
    [instances, AWS_TYPES.instance, (instance: FakeInstance) => instance.state !== 'terminated'],
    [state.volumes, AWS_TYPES.volume],
    [state.snapshots, AWS_TYPES.snapshot],
    [state.images, AWS_TYPES.image],
    [state.addresses, AWS_TYPES.address],
    [state.securityGroups, AWS_TYPES.securityGroup],
    [state.autoScalingGroups, AWS_TYPES.autoScalingGroup],
    [state.loadBalancers, AWS_TYPES.loadBalancer],
    [state.targetGroups, AWS_TYPES.targetGroup],
    [state.dbInstances, AWS_TYPES.dbInstance],
    [state.dbClusters, AWS_TYPES.dbCluster],
    [state.buckets, AWS_TYPES.bucket],
    [state.tables, AWS_TYPES.table],
    [state.functions, AWS_TYPES.function],
    [state.queues, AWS_TYPES.queue],
    [state.ecsServices, AWS_TYPES.ecsService],
    [state.ecsClusters, AWS_TYPES.ecsCluster],
    [state.repositories, AWS_TYPES.repository],
    [state.streams, AWS_TYPES.stream],
    [state.stateMachines, AWS_TYPES.stateMachine],
    [state.topics, AWS_TYPES.topic],
    [state.rules, AWS_TYPES.rule],
    [state.logGroups, AWS_TYPES.logGroup],
    [state.alarms, AWS_TYPES.alarm],
    // A secret scheduled for deletion is gone for the tagging API's callers too.
    [state.secrets, AWS_TYPES.secret, (secret: TaggedLists['secrets'][number]) => secret.deletedAt === null],
    [state.cacheGroups, AWS_TYPES.cacheGroup],
    [state.cacheClusters, AWS_TYPES.cacheCluster],
    [state.fileSystems, AWS_TYPES.fileSystem],
    [state.warehouses, AWS_TYPES.warehouse],
    [state.searchDomains, AWS_TYPES.searchDomain],
    [state.gatewayApis, AWS_TYPES.restApi, (api: TaggedLists['gatewayApis'][number]) => api.protocol === 'REST'],
    [state.gatewayApis, AWS_TYPES.httpApi, (api: TaggedLists['gatewayApis'][number]) => api.protocol === 'HTTP'],
    [state.distributions, AWS_TYPES.distribution],
    [state.eksClusters, AWS_TYPES.eksCluster],
    [state.eksNodegroups, AWS_TYPES.eksNodegroup],
    [state.eventSourceMappings, AWS_TYPES.eventSourceMapping],
    // A key pending deletion is gone for the workload; IAM is not in the tagging API (its kinds list through IAM).
    [state.kmsKeys, AWS_TYPES.kmsKey, (key: TaggedLists['kmsKeys'][number]) => key.keyState !== 'PendingDeletion'],
    [state.vpcs, AWS_TYPES.vpc],
    [state.subnets, AWS_TYPES.subnet],
    [state.routeTables, AWS_TYPES.routeTable],
    [state.internetGateways, AWS_TYPES.internetGateway],
    // A deleted NAT gateway is shown a while by DescribeNatGateways, not by the tagging API.
    [state.natGateways, AWS_TYPES.natGateway, (nat: TaggedLists['natGateways'][number]) => nat.state !== 'deleted'],
    [state.vpcEndpoints, AWS_TYPES.vpcEndpoint],
    [state.networkInterfaces, AWS_TYPES.networkInterface],
    [state.stacks, AWS_TYPES.stack, (stack: TaggedLists['stacks'][number]) => stack.status !== 'DELETE_COMPLETE'],
  ];
}
