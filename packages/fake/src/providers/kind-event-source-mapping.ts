import type { DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, err, errAsync, ok, okAsync } from '@decomkit/core';
import type { FakeEdgeCompute } from '../source/edge-compute.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const MAPPING_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:event-source-mapping:[0-9a-f-]{36}$/;

/**
 * Lambda event source mappings, as the AWS provider treats them: found
 * through the tagging API; no protection, no data. Scream test: disabled
 * (`stopped`); delete is refused (Conflict, nothing sent) while enabled
 * again; gone = done. The functions and sources they read from depend on
 * them (see {@link withEventSourceMappingDependents}).
 */
export function eventSourceMappingKind(edge: FakeEdgeCompute, tagging: FakeTagging): ResourceKind {
  const uuid = (arn: string) => arn.split(':').pop() ?? arn;
  const stopped = (arn: string): JsonObject => ({ uuid: uuid(arn), state: 'stopped' });
  const describe = (arn: string) => edge.describe('eventSourceMappings', arn);
  return defineFakeResourceKind({
    type: AWS_TYPES.eventSourceMapping,
    idOf: (arn) => (MAPPING_ARN.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) =>
      goneAsNull(describe(arn), (mapping) =>
        recordResource(AWS_TYPES.eventSourceMapping, mapping, {
          name: mapping.uuid,
          state: mapping.enabled ? 'Enabled' : 'stopped',
        }),
      ),
    retire: {
      claims: claimsOn('lambda', 'default'),
      stop: {
        run: (arn) => edge.enableMapping(arn, false).map(() => stopped(arn)),
        readBack: (arn) =>
          describe(arn)
            .map((mapping) => (mapping.enabled ? null : stopped(arn)))
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (arn) =>
          describe(arn).andThen((mapping) =>
            mapping.enabled
              ? errAsync(
                  decomError.conflict({
                    message: `lambda:DeleteEventSourceMapping on ${arn}: it is Enabled (enabled again since the scream test): not deleted`,
                    resource: arn,
                  }),
                )
              : edge.delete('eventSourceMappings', arn).map(() => ({ uuid: uuid(arn), state: 'deleted' })),
          ),
        readBack: (arn) => goneRead(describe(arn), { uuid: uuid(arn), state: 'deleted' }),
      },
    },
  });
}

/**
 * `kind` with the event source mappings that read from each of its resources
 * (the mapping's function or source is the resource's ARN, or starts with
 * it) added to the resource's `dependsOn`, as the AWS provider adds them to
 * functions, queues, streams and tables: a mapping goes first, and one kept
 * keeps them.
 */
export function withEventSourceMappingDependents(kind: ResourceKind, edge: FakeEdgeCompute): ResourceKind {
  const withMappings = (resource: Resource): ResultAsync<Resource, DecomError> =>
    edge.listEventSourceMappings(resource.region).map((mappings) => {
      const reads = (arn: string) =>
        arn === resource.arn || arn.startsWith(`${resource.arn}:`) || arn.startsWith(`${resource.arn}/`);
      const held = mappings
        .filter((mapping) => reads(mapping.functionArn) || reads(mapping.sourceArn))
        .map((mapping) => mapping.arn);
      return held.length === 0 ? resource : { ...resource, dependsOn: [...resource.dependsOn, ...held] };
    });
  return {
    ...kind,
    describe: (arn, id) =>
      kind.describe(arn, id).andThen((resource) => (resource === null ? okAsync(null) : withMappings(resource))),
    list: (region) => {
      const pages = kind.list(region);
      return (async function* () {
        for await (const page of pages) {
          if (page.isErr()) {
            yield page;
            continue;
          }
          const found: Resource[] = [];
          for (const resource of page.value) {
            const described = await withMappings(resource);
            if (described.isErr()) {
              yield err(described.error);
              return;
            }
            found.push(described.value);
          }
          yield ok(found);
        }
      })();
    },
  };
}
