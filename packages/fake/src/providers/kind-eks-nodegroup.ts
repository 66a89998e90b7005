import type { DecomError, JsonObject, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { FakeEdgeCompute } from '../source/edge-compute.js';
import type { FakeEksNodegroup } from '../source/edge-compute-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const NODEGROUP_ARN =
  /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:nodegroup\/[0-9A-Za-z][\w-]{0,99}\/[0-9A-Za-z][\w-]{0,99}\/[0-9a-f-]{36}$/;
/** The tag the scream test leaves on a node group: its `min/max/desired` sizes before. */
const PREVIOUS_SCALING_TAG = 'decomkit:previous-scaling';

/**
 * EKS managed node groups, as the AWS provider treats them: found through the
 * tagging API; no protection, no data. The scream test scales it to 0 (min
 * and desired 0, max kept), the sizes before kept in the result and as the
 * tag `decomkit:previous-scaling`; delete is refused (Conflict, nothing sent)
 * while it is scaled above 0; gone = done.
 */
export function eksNodegroupKind(edge: FakeEdgeCompute, tagging: FakeTagging): ResourceKind {
  const id = (nodegroup: { arn: string }) => nodegroup.arn.split(':nodegroup/')[1] ?? nodegroup.arn;
  const stopped = (arn: string, previous: string | undefined): JsonObject => ({
    nodegroup: id({ arn }),
    desiredSize: 0,
    ...(previous === undefined ? {} : { previousScaling: previous }),
    state: 'stopped',
  });
  const describe = (arn: string) => edge.describe('eksNodegroups', arn);
  return defineFakeResourceKind({
    type: AWS_TYPES.eksNodegroup,
    idOf: (arn) => (NODEGROUP_ARN.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) =>
      goneAsNull(describe(arn), (nodegroup: FakeEksNodegroup) =>
        recordResource(AWS_TYPES.eksNodegroup, nodegroup, {
          name: nodegroup.nodegroupName,
          state: nodegroup.desiredSize === 0 ? 'stopped' : 'ACTIVE',
        }),
      ),
    retire: {
      claims: claimsOn('eks', 'default'),
      stop: {
        run: (arn): ResultAsync<JsonObject, DecomError> =>
          describe(arn).andThen((nodegroup): ResultAsync<JsonObject, DecomError> => {
            const kept = nodegroup.tags[PREVIOUS_SCALING_TAG];
            if (nodegroup.desiredSize === 0 && nodegroup.minSize === 0) return okAsync(stopped(arn, kept));
            const previous = `${nodegroup.minSize}/${nodegroup.maxSize}/${nodegroup.desiredSize}`;
            return edge
              .tag('eksNodegroups', arn, { [PREVIOUS_SCALING_TAG]: previous })
              .andThen(() => edge.scaleNodegroup(arn, 0, 0))
              .map(() => stopped(arn, previous));
          }),
        readBack: (arn) =>
          describe(arn)
            .map((nodegroup) =>
              nodegroup.desiredSize === 0 ? stopped(arn, nodegroup.tags[PREVIOUS_SCALING_TAG]) : null,
            )
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (arn) =>
          describe(arn).andThen((nodegroup) =>
            nodegroup.desiredSize > 0
              ? errAsync(
                  decomError.conflict({
                    message: `eks:DeleteNodegroup on ${arn}: its desired size is ${nodegroup.desiredSize} (scaled up since the scream test): not deleted`,
                    resource: arn,
                  }),
                )
              : edge.delete('eksNodegroups', arn).map(() => ({ nodegroup: id(nodegroup), state: 'deleted' })),
          ),
        readBack: (arn) => goneRead(describe(arn), { nodegroup: id({ arn }), state: 'deleted' }),
      },
    },
  });
}
