import type { WorldState } from '../world.js';
import { type Place, uuidOf } from './arns.js';
import type { EdgeComputeState } from './edge-compute.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** An API Gateway REST or HTTP API. */
export interface GatewayApiSeed extends CommonSeed {
  readonly apiId: string;
  /** The custom domain mappings routing to it, as `domain/path`. Default none. */
  readonly mappedBy?: readonly string[];
}

/** A CloudFront distribution (global: its region is `us-east-1`). */
export interface DistributionSeed extends Omit<CommonSeed, 'region'> {
  readonly distributionId: string;
  /** Default true. */
  readonly enabled?: boolean;
}

/** An EKS cluster. */
export interface EksClusterSeed extends CommonSeed {
  readonly clusterName: string;
  /** Default false. */
  readonly deletionProtection?: boolean;
  /** Fargate profile names. Default none. */
  readonly fargateProfiles?: readonly string[];
}

/** An EKS managed node group of `clusterName` (seeded as its own cluster when no cluster seed names it). */
export interface EksNodegroupSeed extends CommonSeed {
  readonly clusterName: string;
  readonly nodegroupName: string;
  /** Defaults 1, 4 and 2. */
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredSize?: number;
}

/** A Lambda event source mapping from `sourceArn` (a queue, stream or table) to `functionArn`. */
export interface EventSourceMappingSeed extends CommonSeed {
  readonly uuid: string;
  readonly functionArn: string;
  readonly sourceArn: string;
  /** Default true. */
  readonly enabled?: boolean;
}

/** The API Gateway, CloudFront, EKS and event source mapping resources a fake cloud can start with. */
export interface EdgeComputeSeed {
  readonly restApis?: readonly GatewayApiSeed[];
  readonly httpApis?: readonly GatewayApiSeed[];
  readonly distributions?: readonly DistributionSeed[];
  readonly eksClusters?: readonly EksClusterSeed[];
  readonly eksNodegroups?: readonly EksNodegroupSeed[];
  readonly eventSourceMappings?: readonly EventSourceMappingSeed[];
}

/** A tagged record of a seed: place defaults, name, tags. */
type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

const arnIn = (service: string, resource: string) => (place: Place) =>
  `arn:aws:${service}:${place.region}:${place.accountId}:${resource}`;

/** Builds the APIs, distributions, EKS clusters and node groups and event source mappings of a seed. */
export function edgeComputeStateFromSeed(seed: EdgeComputeSeed, recordOf: RecordOf): EdgeComputeState {
  const apis = (list: readonly GatewayApiSeed[] | undefined, protocol: 'REST' | 'HTTP') =>
    (list ?? []).map((api) => ({
      ...recordOf(
        api,
        (place) => `arn:aws:apigateway:${place.region}::/${protocol === 'REST' ? 'restapis' : 'apis'}/${api.apiId}`,
      ),
      apiId: api.apiId,
      protocol,
      mappedBy: [...(api.mappedBy ?? [])],
    }));
  const nodegroups = seed.eksNodegroups ?? [];
  const named = new Set((seed.eksClusters ?? []).map((cluster) => cluster.clusterName));
  const implied = [...new Set(nodegroups.map((nodegroup) => nodegroup.clusterName))].filter((name) => !named.has(name));
  return {
    gatewayApis: [...apis(seed.restApis, 'REST'), ...apis(seed.httpApis, 'HTTP')],
    distributions: (seed.distributions ?? []).map((distribution) => ({
      ...recordOf(
        { ...distribution, region: 'us-east-1' },
        (place) => `arn:aws:cloudfront::${place.accountId}:distribution/${distribution.distributionId}`,
      ),
      distributionId: distribution.distributionId,
      enabled: distribution.enabled ?? true,
      readsUntilDeployed: 0,
      etag: `E${distribution.distributionId}`,
    })),
    eksClusters: [...(seed.eksClusters ?? []), ...implied.map((clusterName): EksClusterSeed => ({ clusterName }))].map(
      (cluster) => ({
        ...recordOf(cluster, arnIn('eks', `cluster/${cluster.clusterName}`), cluster.clusterName),
        clusterName: cluster.clusterName,
        deletionProtection: cluster.deletionProtection ?? false,
        fargateProfiles: [...(cluster.fargateProfiles ?? [])],
      }),
    ),
    eksNodegroups: nodegroups.map((nodegroup) => ({
      ...recordOf(
        nodegroup,
        arnIn(
          'eks',
          `nodegroup/${nodegroup.clusterName}/${nodegroup.nodegroupName}/${uuidOf(`${nodegroup.clusterName}/${nodegroup.nodegroupName}`)}`,
        ),
        nodegroup.nodegroupName,
      ),
      clusterName: nodegroup.clusterName,
      nodegroupName: nodegroup.nodegroupName,
      minSize: nodegroup.minSize ?? 1,
      maxSize: nodegroup.maxSize ?? 4,
      desiredSize: nodegroup.desiredSize ?? 2,
    })),
    eventSourceMappings: (seed.eventSourceMappings ?? []).map((mapping) => ({
      ...recordOf(mapping, arnIn('lambda', `event-source-mapping:${mapping.uuid}`), mapping.uuid),
      uuid: mapping.uuid,
      functionArn: mapping.functionArn,
      sourceArn: mapping.sourceArn,
      enabled: mapping.enabled ?? true,
    })),
  };
}

/** Fills in what a world saved before these types were modelled lacks (none of them), for `restoreFakeCloud`. */
export function withEdgeComputeDefaults(state: WorldState): WorldState {
  const saved: Partial<EdgeComputeState> = state;
  return {
    ...state,
    gatewayApis: saved.gatewayApis ?? [],
    distributions: saved.distributions ?? [],
    eksClusters: saved.eksClusters ?? [],
    eksNodegroups: saved.eksNodegroups ?? [],
    eventSourceMappings: saved.eventSourceMappings ?? [],
  };
}
