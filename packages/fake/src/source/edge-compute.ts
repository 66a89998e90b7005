import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type {
  EdgeComputeLists,
  FakeDistribution,
  FakeEksCluster,
  FakeEksNodegroup,
  FakeEventSourceMapping,
  FakeGatewayApi,
} from './edge-compute-types.js';
import { AWS_TYPES } from './resource-types.js';

/** A list of {@link FakeEdgeCompute}. */
export type EdgeComputeList = 'gatewayApis' | 'distributions' | 'eksClusters' | 'eksNodegroups' | 'eventSourceMappings';

/** The lists {@link FakeEdgeCompute} serves, with their service, describe call and not-found code. */
const LISTS: Readonly<
  Record<EdgeComputeList, { readonly service: string; readonly describe: string; readonly missing: string }>
> = {
  gatewayApis: { service: 'apigateway', describe: 'GetRestApi', missing: 'NotFoundException' },
  distributions: { service: 'cloudfront', describe: 'GetDistribution', missing: 'NoSuchDistribution' },
  eksClusters: { service: 'eks', describe: 'DescribeCluster', missing: 'ResourceNotFoundException' },
  eksNodegroups: { service: 'eks', describe: 'DescribeNodegroup', missing: 'ResourceNotFoundException' },
  eventSourceMappings: { service: 'lambda', describe: 'GetEventSourceMapping', missing: 'ResourceNotFoundException' },
};
/** The record of one of those lists. */
export type EdgeComputeRecord<List extends EdgeComputeList> = {
  gatewayApis: FakeGatewayApi;
  distributions: FakeDistribution;
  eksClusters: FakeEksCluster;
  eksNodegroups: FakeEksNodegroup;
  eventSourceMappings: FakeEventSourceMapping;
}[List];

/**
 * The fake API Gateway, CloudFront, EKS and Lambda event source mapping
 * control planes, addressed by ARN, with AWS's rules: an API a custom domain
 * still routes to is not deleted (ConflictException); a distribution changes
 * only with its current ETag (PreconditionFailed), shows `InProgress` for a
 * read after each change, and is deleted only disabled
 * (DistributionNotDisabled); a cluster is not deleted while it has node
 * groups, Fargate profiles or deletion protection (ResourceInUseException).
 * A deleted resource is gone at once.
 */
export class FakeEdgeCompute {
  constructor(private readonly world: FakeWorld) {}

  /** The service's describe of one resource of `list`; a distribution's read counts towards `Deployed`. */
  describe<List extends EdgeComputeList>(list: List, arn: string): ResultAsync<EdgeComputeRecord<List>, DecomError> {
    const { service, describe } = LISTS[list];
    return this.world.call(service, describe, false, arn, () =>
      this.find(list, arn).map((found) => {
        const copy = structuredClone(found);
        if (list === 'distributions') {
          const distribution = found as FakeDistribution;
          distribution.readsUntilDeployed = Math.max(0, distribution.readsUntilDeployed - 1);
        }
        return copy;
      }),
    );
  }

  /** ListEventSourceMappings: every mapping of the region. */
  listEventSourceMappings(region: string): ResultAsync<FakeEventSourceMapping[], DecomError> {
    return this.world.call('lambda', 'ListEventSourceMappings', false, null, () =>
      ok(
        this.world.state.eventSourceMappings
          .filter((mapping) => mapping.region === region)
          .map((m) => structuredClone(m)),
      ),
    );
  }

  /** ListNodegroups of a cluster: its node groups' ARNs. */
  nodegroupsOf(clusterArn: string): ResultAsync<string[], DecomError> {
    return this.world.call('eks', 'ListNodegroups', false, clusterArn, () =>
      this.find('eksClusters', clusterArn).map((cluster) => this.nodegroups(cluster).map((nodegroup) => nodegroup.arn)),
    );
  }

  /** TagResource: adds or replaces tags. */
  tag(list: EdgeComputeList, arn: string, tags: Record<string, string>): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call(LISTS[list].service, 'TagResource', true, arn, () =>
      this.find(list, arn).map((found) => {
        found.tags = { ...found.tags, ...tags };
        return { arn };
      }),
    );
  }

  /** UpdateDistribution of `Enabled`, with `IfMatch`: refused for a stale ETag; `InProgress` again after. */
  updateDistribution(arn: string, enabled: boolean, ifMatch: string): ResultAsync<{ etag: string }, DecomError> {
    return this.world.call('cloudfront', 'UpdateDistribution', true, arn, () =>
      this.distribution(arn, ifMatch).map((found) => {
        found.enabled = enabled;
        found.readsUntilDeployed = 1;
        found.etag = this.world.newId('E');
        recordConfigChange(this.world, arn, AWS_TYPES.distribution, 'OK');
        return { etag: found.etag };
      }),
    );
  }

  /** UpdateNodegroupConfig of its sizes (`maxSize` kept). */
  scaleNodegroup(arn: string, minSize: number, desiredSize: number): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('eks', 'UpdateNodegroupConfig', true, arn, () =>
      this.find('eksNodegroups', arn).map((found) => {
        found.minSize = minSize;
        found.desiredSize = desiredSize;
        return { arn };
      }),
    );
  }

  /** UpdateClusterConfig of `deletionProtection`. */
  protectCluster(arn: string, deletionProtection: boolean): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('eks', 'UpdateClusterConfig', true, arn, () =>
      this.find('eksClusters', arn).map((found) => {
        found.deletionProtection = deletionProtection;
        return { arn };
      }),
    );
  }

  /** UpdateEventSourceMapping of `Enabled` (disabled at once here; AWS passes through `Disabling`). */
  enableMapping(arn: string, enabled: boolean): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('lambda', 'UpdateEventSourceMapping', true, arn, () =>
      this.find('eventSourceMappings', arn).map((found) => {
        found.enabled = enabled;
        return { arn };
      }),
    );
  }

  /** The delete of one resource of `list` (DeleteRestApi, DeleteDistribution with `ifMatch`, …), refused as AWS refuses it. */
  delete(list: EdgeComputeList, arn: string, ifMatch?: string): ResultAsync<{ arn: string }, DecomError> {
    const apiOperation = list === 'gatewayApis' && this.isHttpApi(arn) ? 'DeleteApi' : 'DeleteRestApi';
    const operation = {
      gatewayApis: apiOperation,
      distributions: 'DeleteDistribution',
      eksClusters: 'DeleteCluster',
      eksNodegroups: 'DeleteNodegroup',
      eventSourceMappings: 'DeleteEventSourceMapping',
    }[list];
    return this.world.call(LISTS[list].service, operation, true, arn, () =>
      this.find(list, arn).andThen((found): Result<{ arn: string }, DecomError> => {
        const refused = this.refusal(list, found, ifMatch);
        if (refused !== null) return err(refused);
        const lists = this.world.state as unknown as Record<EdgeComputeList, { arn: string }[]>;
        lists[list] = lists[list].filter((candidate) => candidate !== found);
        recordConfigChange(this.world, arn, TYPES[list](found), 'ResourceDeleted');
        return ok({ arn });
      }),
    );
  }

  private refusal(list: EdgeComputeList, found: EdgeComputeRecord<EdgeComputeList>, ifMatch?: string) {
    const arn = found.arn;
    if (list === 'gatewayApis' && (found as FakeGatewayApi).mappedBy.length > 0)
      return awsError.conflict('ConflictException', `${arn} is mapped by custom domains`, arn);
    if (list === 'distributions') {
      const distribution = found as FakeDistribution;
      if (distribution.etag !== ifMatch) return awsError.conflict('PreconditionFailed', `${arn}: stale ETag`, arn);
      if (distribution.enabled || distribution.readsUntilDeployed > 0)
        return awsError.conflict('DistributionNotDisabled', `${arn} is not disabled and deployed`, arn);
    }
    if (list === 'eksClusters') {
      const cluster = found as FakeEksCluster;
      if (cluster.deletionProtection || cluster.fargateProfiles.length > 0 || this.nodegroups(cluster).length > 0)
        return awsError.conflict(
          'ResourceInUseException',
          `${arn} has node groups, Fargate profiles or protection`,
          arn,
        );
    }
    return null;
  }

  private isHttpApi(arn: string): boolean {
    return arn.includes('::/apis/');
  }

  private distribution(arn: string, ifMatch: string): Result<FakeDistribution, DecomError> {
    return this.find('distributions', arn).andThen((found) =>
      found.etag === ifMatch ? ok(found) : err(awsError.conflict('PreconditionFailed', `${arn}: stale ETag`, arn)),
    );
  }

  private nodegroups(cluster: FakeEksCluster): FakeEksNodegroup[] {
    return this.world.state.eksNodegroups.filter(
      (nodegroup) =>
        nodegroup.clusterName === cluster.clusterName &&
        nodegroup.region === cluster.region &&
        nodegroup.accountId === cluster.accountId,
    );
  }

  private find<List extends EdgeComputeList>(list: List, arn: string): Result<EdgeComputeRecord<List>, DecomError> {
    const records = this.world.state[list] as unknown as readonly EdgeComputeRecord<List>[];
    const found = records.find((candidate) => candidate.arn === arn);
    return found === undefined ? err(awsError.notFound(LISTS[list].missing, `${arn} does not exist`, arn)) : ok(found);
  }
}

/** The type of each list's records (the API list holds both API types). */
const TYPES: Record<EdgeComputeList, (record: { arn: string }) => string> = {
  gatewayApis: (record) => ((record as FakeGatewayApi).protocol === 'REST' ? AWS_TYPES.restApi : AWS_TYPES.httpApi),
  distributions: () => AWS_TYPES.distribution,
  eksClusters: () => AWS_TYPES.eksCluster,
  eksNodegroups: () => AWS_TYPES.eksNodegroup,
  eventSourceMappings: () => AWS_TYPES.eventSourceMapping,
};

/** The part of the world state {@link FakeEdgeCompute} serves. */
export type EdgeComputeState = EdgeComputeLists;
