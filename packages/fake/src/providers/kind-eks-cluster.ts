import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { FakeEdgeCompute } from '../source/edge-compute.js';
import type { FakeEksCluster } from '../source/edge-compute-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const CLUSTER_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/[0-9A-Za-z][\w-]{0,99}$/;

function toResource(cluster: FakeEksCluster, nodegroups: readonly string[]): Resource {
  const profiles = cluster.fargateProfiles;
  return {
    ...recordResource(AWS_TYPES.eksCluster, cluster, {
      name: cluster.clusterName,
      state: 'ACTIVE',
      protection: { deletion: cluster.deletionProtection, stop: false },
      dependsOn: nodegroups,
    }),
    ...(profiles.length === 0
      ? {}
      : {
          retireBlockers: [
            {
              code: 'cluster-has-fargate-profiles',
              message: `${cluster.arn} still has ${profiles.length} Fargate profiles (${profiles.join(', ')}), which decomkit does not retire: not touched`,
            },
          ],
        }),
  };
}

/**
 * EKS clusters, as the AWS provider treats them: found through the tagging
 * API; deletion protection reported and lifted; no scream test, no data.
 * Depends on its node groups; Fargate profiles are a retire blocker. Delete
 * is refused (Conflict, nothing sent) while protected or while node groups
 * or Fargate profiles remain; gone = done.
 */
export function eksClusterKind(edge: FakeEdgeCompute, tagging: FakeTagging): ResourceKind {
  const deleted = (arn: string) => ({ cluster: arn.split(':cluster/')[1] ?? arn, state: 'deleted' });
  const describe = (arn: string) => edge.describe('eksClusters', arn);
  return defineFakeResourceKind({
    type: AWS_TYPES.eksCluster,
    idOf: (arn) => (CLUSTER_ARN.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) =>
      goneAsNull(
        describe(arn).andThen((cluster) => edge.nodegroupsOf(arn).map((nodegroups) => ({ cluster, nodegroups }))),
        ({ cluster, nodegroups }) => toResource(cluster, nodegroups),
      ),
    retire: {
      claims: claimsOn('eks', 'default'),
      lift: {
        run: (arn) =>
          edge.protectCluster(arn, false).map(() => ({ cluster: deleted(arn).cluster, deletionProtection: false })),
        readBack: (arn) =>
          describe(arn)
            .map((cluster) =>
              cluster.deletionProtection ? null : { cluster: deleted(arn).cluster, deletionProtection: false },
            )
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (arn): ResultAsync<Record<string, string>, DecomError> =>
          describe(arn).andThen((cluster) =>
            edge.nodegroupsOf(arn).andThen((nodegroups) => {
              const held = [
                cluster.deletionProtection ? 'deletion protection on' : '',
                nodegroups.length > 0 ? `${nodegroups.length} node groups` : '',
                cluster.fargateProfiles.length > 0 ? `${cluster.fargateProfiles.length} Fargate profiles` : '',
              ].filter((part) => part !== '');
              return held.length > 0
                ? errAsync(
                    decomError.conflict({
                      message: `eks:DeleteCluster on ${arn}: it still has ${held.join(', ')}: not deleted`,
                      resource: arn,
                    }),
                  )
                : edge.delete('eksClusters', arn).map(() => deleted(arn));
            }),
          ),
        readBack: (arn) => goneRead(describe(arn), deleted(arn)),
      },
    },
  });
}
