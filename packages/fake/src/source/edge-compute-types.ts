/**
 * The plain-JSON records of the fake's API Gateway, CloudFront, EKS and Lambda
 * event source mapping resources. They live in `WorldState`, so a world saved
 * with `snapshot()` and restored with `restoreFakeCloud()` loses nothing.
 */
import type { FakeTaggedRecord } from './source-types.js';

/** An API Gateway REST API (`/restapis/<id>`) or HTTP API (`/apis/<id>`). */
export interface FakeGatewayApi extends FakeTaggedRecord {
  readonly apiId: string;
  readonly protocol: 'REST' | 'HTTP';
  /** The custom domain mappings routing to it, as `domain/path`. */
  mappedBy: string[];
}

/** A CloudFront distribution (global; its record's region is `us-east-1`). */
export interface FakeDistribution extends FakeTaggedRecord {
  readonly distributionId: string;
  enabled: boolean;
  /** `InProgress` for this many more reads after a change, then `Deployed`. */
  readsUntilDeployed: number;
  /** Changes with every update: an `IfMatch` naming another one is refused (PreconditionFailed). */
  etag: string;
}

/** An EKS cluster. DeleteCluster refuses one with node groups, Fargate profiles or deletion protection. */
export interface FakeEksCluster extends FakeTaggedRecord {
  readonly clusterName: string;
  deletionProtection: boolean;
  readonly fargateProfiles: string[];
}

/** An EKS managed node group (`nodegroup/<cluster>/<name>/<uuid>`). */
export interface FakeEksNodegroup extends FakeTaggedRecord {
  readonly clusterName: string;
  readonly nodegroupName: string;
  minSize: number;
  readonly maxSize: number;
  desiredSize: number;
}

/** A Lambda event source mapping from a queue, stream or table to a function. */
export interface FakeEventSourceMapping extends FakeTaggedRecord {
  readonly uuid: string;
  readonly functionArn: string;
  readonly sourceArn: string;
  enabled: boolean;
}

/** The part of the world state holding these types. */
export interface EdgeComputeLists {
  /** REST and HTTP APIs. */
  gatewayApis: FakeGatewayApi[];
  distributions: FakeDistribution[];
  eksClusters: FakeEksCluster[];
  eksNodegroups: FakeEksNodegroup[];
  eventSourceMappings: FakeEventSourceMapping[];
}
