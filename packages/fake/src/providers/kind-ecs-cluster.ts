import type { Resource, ResultAsync } from '@decomkit/core';
import { type DecomError, decomError, errAsync } from '@decomkit/core';
import type { FakeEcsCluster } from '../source/container-stream-types.js';
import type { FakeEcs } from '../source/ecs.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.ecsCluster;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;

/** The ARN itself, for an ECS cluster ARN (`…:cluster/<name>`); null otherwise. */
export function ecsClusterArnOf(arn: string): string | null {
  return CLUSTER_ARN.test(arn) ? arn : null;
}

/** What DeleteCluster would refuse for, as one Conflict naming the counts; null when nothing. */
function refusal(arn: string, cluster: FakeEcsCluster, services: readonly string[]): DecomError | null {
  const held = [
    services.length > 0 ? `${services.length} services` : '',
    cluster.standaloneTasks > 0 ? `${cluster.standaloneTasks} tasks` : '',
    cluster.containerInstances > 0 ? `${cluster.containerInstances} container instances` : '',
  ].filter((part) => part !== '');
  return held.length === 0
    ? null
    : decomError.conflict({
        message: `ecs:DeleteCluster on ${arn}: it still has ${held.join(', ')}: not deleted`,
        resource: arn,
      });
}

/**
 * ECS clusters, as the AWS provider treats them: found through the tagging
 * API; no protection, no data, no scream test. A cluster depends on its
 * services (deleted after them); its delete is refused (Conflict, nothing
 * sent) while it still has services, tasks or container instances.
 */
export function ecsClusterKind(ecs: FakeEcs, tagging: FakeTagging): ResourceKind {
  const describe = (arn: string): ResultAsync<Resource | null, DecomError> =>
    goneAsNull(
      ecs.describeCluster(arn).andThen((cluster) => ecs.listServices(arn).map((services) => ({ cluster, services }))),
      ({ cluster, services }) => recordResource(TYPE, cluster, { state: 'ACTIVE', dependsOn: services }),
    );
  const deleted = (arn: string) => ({ cluster: arn.split(':cluster/')[1] ?? arn, state: 'deleted' });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: ecsClusterArnOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('ecs', 'default'),
      delete: {
        run: (arn) =>
          ecs.describeCluster(arn).andThen((cluster) =>
            ecs.listServices(arn).andThen((services) => {
              const refused = refusal(arn, cluster, services);
              return refused === null ? ecs.deleteCluster(arn).map(() => deleted(arn)) : errAsync(refused);
            }),
          ),
        readBack: (arn) => goneRead(ecs.describeCluster(arn), deleted(arn)),
      },
    },
  });
}
