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

/**
 * Every live resource of the fake source with its type (terminated instances
 * are gone): what the tagging API lists and AWS Config starts having recorded.
 */
export function typedRecords(state: TaggedLists, instances: readonly FakeInstance[]): TypedRecord[] {
  const lists: [readonly FakeTaggedRecord[], string][] = [
    [instances.filter((instance) => instance.state !== 'terminated'), AWS_TYPES.instance],
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
    [state.secrets.filter((secret) => secret.deletedAt === null), AWS_TYPES.secret],
    [state.cacheGroups, AWS_TYPES.cacheGroup],
    [state.cacheClusters, AWS_TYPES.cacheCluster],
    [state.fileSystems, AWS_TYPES.fileSystem],
    [state.warehouses, AWS_TYPES.warehouse],
    [state.searchDomains, AWS_TYPES.searchDomain],
    [state.gatewayApis.filter((api) => api.protocol === 'REST'), AWS_TYPES.restApi],
    [state.gatewayApis.filter((api) => api.protocol === 'HTTP'), AWS_TYPES.httpApi],
    [state.distributions, AWS_TYPES.distribution],
    [state.eksClusters, AWS_TYPES.eksCluster],
    [state.eksNodegroups, AWS_TYPES.eksNodegroup],
    [state.eventSourceMappings, AWS_TYPES.eventSourceMapping],
    // A key pending deletion is gone for the workload; IAM is not in the tagging API (its kinds list through IAM).
    [state.kmsKeys.filter((key) => key.keyState !== 'PendingDeletion'), AWS_TYPES.kmsKey],
    [state.vpcs, AWS_TYPES.vpc],
    [state.subnets, AWS_TYPES.subnet],
    [state.routeTables, AWS_TYPES.routeTable],
    [state.internetGateways, AWS_TYPES.internetGateway],
    // A deleted NAT gateway is shown a while by DescribeNatGateways, not by the tagging API.
    [state.natGateways.filter((nat) => nat.state !== 'deleted'), AWS_TYPES.natGateway],
    [state.vpcEndpoints, AWS_TYPES.vpcEndpoint],
    [state.networkInterfaces, AWS_TYPES.networkInterface],
    [state.stacks.filter((stack) => stack.status !== 'DELETE_COMPLETE'), AWS_TYPES.stack],
  ];
  return [
    ...lists.flatMap(([records, type]) => records.map((record) => ({ record, type }))),
    ...state.otherResources.map((other) => ({ record: other, type: other.type })),
  ];
}
