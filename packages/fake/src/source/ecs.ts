import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeEcsCluster, FakeEcsService } from './container-stream-types.js';
import { AWS_TYPES } from './resource-types.js';

/**
 * The fake ECS control plane for clusters and services, addressed by ARN,
 * with AWS's rules: DeleteService (without force) refuses a service scaled
 * above 0 (`InvalidParameterException`); DeleteCluster refuses a cluster with
 * services (`ClusterContainsServicesException`), tasks or container
 * instances; a missing one is `ClusterNotFoundException` /
 * `ServiceNotFoundException`. A deleted service or cluster is gone at once
 * (AWS shows it INACTIVE for a while, which the AWS provider reads as gone).
 */
export class FakeEcs {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeClusters of one cluster, with its tags. */
  describeCluster(arn: string): ResultAsync<FakeEcsCluster, DecomError> {
    return this.world.call('ecs', 'DescribeClusters', false, arn, () =>
      this.cluster(arn).map((found) => structuredClone(found)),
    );
  }

  /** ListServices of a cluster: the ARNs of its services. */
  listServices(clusterArn: string): ResultAsync<string[], DecomError> {
    return this.world.call('ecs', 'ListServices', false, clusterArn, () =>
      this.cluster(clusterArn).map((cluster) => this.servicesOf(cluster).map((service) => service.arn)),
    );
  }

  /** DescribeServices of one service, with its tags. */
  describeService(arn: string): ResultAsync<FakeEcsService, DecomError> {
    return this.world.call('ecs', 'DescribeServices', false, arn, () =>
      this.service(arn).map((found) => structuredClone(found)),
    );
  }

  /** TagResource on a service: adds or replaces tags. */
  tagService(arn: string, tags: Record<string, string>): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('ecs', 'TagResource', true, arn, () =>
      this.service(arn).map((service) => {
        service.tags = { ...service.tags, ...tags };
        return { arn };
      }),
    );
  }

  /** UpdateService with a new desired count. */
  updateService(arn: string, desiredCount: number): ResultAsync<{ desiredCount: number }, DecomError> {
    return this.world.call('ecs', 'UpdateService', true, arn, () =>
      this.service(arn).map((service) => {
        service.desiredCount = desiredCount;
        recordConfigChange(this.world, service.arn, AWS_TYPES.ecsService, 'OK');
        return { desiredCount };
      }),
    );
  }

  /** DeleteService without force: refused while the service is scaled above 0. */
  deleteService(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('ecs', 'DeleteService', true, arn, () =>
      this.service(arn).andThen((service) => {
        if (service.desiredCount > 0)
          return err(
            awsError.invalid(
              'InvalidParameterException',
              `The service cannot be stopped while it is scaled above 0 (${arn})`,
              'desiredCount',
            ),
          );
        this.world.state.ecsServices = this.world.state.ecsServices.filter((candidate) => candidate !== service);
        recordConfigChange(this.world, arn, AWS_TYPES.ecsService, 'ResourceDeleted');
        return ok({ arn });
      }),
    );
  }

  /** DeleteCluster: refused while it has services, tasks or container instances. */
  deleteCluster(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('ecs', 'DeleteCluster', true, arn, () =>
      this.cluster(arn).andThen((cluster) => {
        if (this.servicesOf(cluster).length > 0)
          return err(awsError.conflict('ClusterContainsServicesException', `${arn} still has services`, arn));
        if (cluster.standaloneTasks > 0)
          return err(awsError.conflict('ClusterContainsTasksException', `${arn} still has tasks`, arn));
        if (cluster.containerInstances > 0)
          return err(
            awsError.conflict('ClusterContainsContainerInstancesException', `${arn} still has instances`, arn),
          );
        this.world.state.ecsClusters = this.world.state.ecsClusters.filter((candidate) => candidate !== cluster);
        recordConfigChange(this.world, arn, AWS_TYPES.ecsCluster, 'ResourceDeleted');
        return ok({ arn });
      }),
    );
  }

  private servicesOf(cluster: FakeEcsCluster): FakeEcsService[] {
    return this.world.state.ecsServices.filter(
      (service) =>
        service.clusterName === cluster.clusterName &&
        service.region === cluster.region &&
        service.accountId === cluster.accountId,
    );
  }

  private cluster(arn: string): Result<FakeEcsCluster, DecomError> {
    const found = this.world.state.ecsClusters.find((cluster) => cluster.arn === arn);
    return found === undefined
      ? err(awsError.notFound('ClusterNotFoundException', `Cluster not found: ${arn}`, arn))
      : ok(found);
  }

  private service(arn: string): Result<FakeEcsService, DecomError> {
    const found = this.world.state.ecsServices.find((service) => service.arn === arn);
    return found === undefined
      ? err(awsError.notFound('ServiceNotFoundException', `Service not found: ${arn}`, arn))
      : ok(found);
  }
}
