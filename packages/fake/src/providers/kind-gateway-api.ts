import type { Resource } from '@decomkit/core';
import { decomError, errAsync } from '@decomkit/core';
import type { FakeEdgeCompute } from '../source/edge-compute.js';
import type { FakeGatewayApi } from '../source/edge-compute-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

/** What tells the REST and the HTTP API kinds apart. */
const VARIANTS = {
  REST: { type: AWS_TYPES.restApi, path: 'restapis', operation: 'apigateway:DeleteRestApi' },
  HTTP: { type: AWS_TYPES.httpApi, path: 'apis', operation: 'apigateway:DeleteApi' },
} as const;

function toResource(type: string, api: FakeGatewayApi): Resource {
  return {
    ...recordResource(type, api, { state: 'available' }),
    ...(api.mappedBy.length === 0
      ? {}
      : {
          retireBlockers: [
            {
              code: 'api-mapped-by-custom-domain',
              message: `${api.arn} is routed to by ${api.mappedBy.length} custom domain mappings (${api.mappedBy.join(', ')}), which decomkit does not remove: not touched`,
            },
          ],
        }),
  };
}

/**
 * API Gateway REST (`protocol: 'REST'`) or HTTP (`'HTTP'`) APIs, as the AWS
 * provider treats them: found through the tagging API; no protection, no
 * scream test, no data; a custom domain mapping routing to one is a retire
 * blocker, and its delete is refused for it (Conflict, nothing sent); gone =
 * done.
 */
export function gatewayApiKind(protocol: 'REST' | 'HTTP', edge: FakeEdgeCompute, tagging: FakeTagging): ResourceKind {
  const { type, path, operation } = VARIANTS[protocol];
  const pattern = new RegExp(`^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::/${path}/[a-z0-9]{1,32}$`);
  const deleted = (arn: string) => ({ apiId: arn.split('/').pop() ?? arn, state: 'deleted' });
  return defineFakeResourceKind({
    type,
    idOf: (arn) => (pattern.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) => goneAsNull(edge.describe('gatewayApis', arn), (api) => toResource(type, api)),
    retire: {
      claims: claimsOn('apigateway', 'default'),
      delete: {
        run: (arn) =>
          edge.describe('gatewayApis', arn).andThen((api) =>
            api.mappedBy.length > 0
              ? errAsync(
                  decomError.conflict({
                    message: `${operation} on ${arn}: custom domain mappings still route to it (${api.mappedBy.join(', ')}): not deleted`,
                    resource: arn,
                  }),
                )
              : edge.delete('gatewayApis', arn).map(() => deleted(arn)),
          ),
        readBack: (arn) => goneRead(edge.describe('gatewayApis', arn), deleted(arn)),
      },
    },
  });
}
