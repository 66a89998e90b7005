import type { Resource } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging, TaggedResource } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { pagesOf, type ResourceKind } from './resource-kind.js';

const MODELLED_TYPES = Object.values(AWS_TYPES);

/** The `type` of the catch-all kind: not a resource type (its resources keep their own). */
export const OTHER_KIND = 'other';

/**
 * Resources of types the fake has no service model or handler for (SNS
 * topics, …), found through the Resource Groups Tagging API.
 * They are discovered with their tags but have no handlers: the retirement
 * port does not list their types, so decomkit reports them `unhandled`.
 * Matches any ARN, so it must be the last kind consulted.
 */
export function otherKind(tagging: FakeTagging, accountOf: (arn: string) => string): ResourceKind {
  const toResource = (found: TaggedResource): Resource => ({
    arn: found.arn,
    type: found.type,
    accountId: accountOf(found.arn),
    region: found.region,
    name: found.arn.split(/[:/]/).pop() ?? found.arn,
    tags: found.tags === null ? null : { ...found.tags },
    state: 'available',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  });
  return defineFakeResourceKind({
    type: OTHER_KIND,
    idOf: (arn) => arn,
    list: (region) =>
      pagesOf(
        (token) =>
          tagging
            .getResources({ region, excludeTypes: MODELLED_TYPES }, token)
            .map(({ resources, next }) => ({ items: resources, next })),
        (items) => items.map(toResource),
      ),
    describe: (arn) =>
      tagging
        .getResources({ region: regionOf(arn), arns: [arn], excludeTypes: MODELLED_TYPES }, null)
        .map(({ resources }) => (resources[0] === undefined ? null : toResource(resources[0]))),
  });
}
