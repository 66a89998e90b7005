import type { Action, ActionHandler, DecomError, HandlerOutcome, JsonObject, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { FakeEdgeCompute } from '../source/edge-compute.js';
import type { FakeDistribution } from '../source/edge-compute-types.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.distribution;
const DISTRIBUTION_ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:distribution\/[A-Z0-9]{1,64}$/;
const POLL_MILLISECONDS = 60_000;
const claims = claimsOn('cloudfront', 'default');

const deployed = (distribution: FakeDistribution) => distribution.readsUntilDeployed === 0;

/** A read that answers null for a distribution that is gone. */
function readOrNull(edge: FakeEdgeCompute, arn: string): ResultAsync<FakeDistribution | null, DecomError> {
  return edge
    .describe('distributions', arn)
    .map((found): FakeDistribution | null => found)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** `done` with `result`, or `pending` (null) with a checkpoint. */
const outcome = (arn: string, result: JsonObject | null): HandlerOutcome =>
  result === null
    ? { status: 'pending', checkpoint: { arn }, pollAfterMilliseconds: POLL_MILLISECONDS }
    : { status: 'done', result };

/** A handler reaching its goal in steps, each on a fresh read (as the AWS provider's `convergeHandler`). */
function stepHandler(
  step: (arn: string) => ResultAsync<JsonObject | null, DecomError>,
  settled: (arn: string) => ResultAsync<JsonObject | null | 'absent', DecomError>,
): ActionHandler {
  const arnOf = (action: Action): ResultAsync<string, DecomError> => {
    const arn = action.target.arn ?? '';
    return DISTRIBUTION_ARN.test(arn)
      ? okAsync(arn)
      : errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not a ${TYPE}`));
  };
  const run = (action: Action) => arnOf(action).andThen((arn) => step(arn).map((result) => outcome(arn, result)));
  return {
    rateLimits: claims,
    execute: run,
    poll: run,
    reconcile: (action) =>
      arnOf(action).andThen((arn) =>
        settled(arn).map((found) => (found === 'absent' ? { status: 'absent' as const } : outcome(arn, found))),
      ),
  };
}

/**
 * CloudFront distributions, as the AWS provider treats them: found through
 * the tagging API; no protection, no data. Scream test: disabled with the
 * current ETag, then waited on until Deployed. Delete: refused (Conflict,
 * nothing sent) while enabled, waited on while a change deploys, then sent
 * with the current ETag; a stale one (PreconditionFailed) waits for a fresh
 * read. Gone = done.
 */
export function distributionKind(edge: FakeEdgeCompute, tagging: FakeTagging): ResourceKind {
  const id = (arn: string) => arn.split('/').pop() ?? arn;
  const stopped = (arn: string) => ({ distributionId: id(arn), enabled: false, state: 'stopped' });
  const deleted = (arn: string) => ({ distributionId: id(arn), state: 'deleted' });
  const stale = (error: DecomError) => error.code === 'Conflict' && error.message.startsWith('PreconditionFailed');
  return defineFakeResourceKind({
    type: TYPE,
    idOf: (arn) => (DISTRIBUTION_ARN.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) =>
      goneAsNull(edge.describe('distributions', arn), (distribution) =>
        recordResource(TYPE, distribution, {
          name: distribution.distributionId,
          state: distribution.enabled ? 'Deployed' : deployed(distribution) ? 'stopped' : 'stopping',
        }),
      ),
    retire: {
      claims,
      stop: stepHandler(
        (arn) =>
          edge.describe('distributions', arn).andThen((distribution): ResultAsync<JsonObject | null, DecomError> => {
            if (!distribution.enabled) return okAsync(deployed(distribution) ? stopped(arn) : null);
            return edge
              .updateDistribution(arn, false, distribution.etag)
              .map(() => null)
              .orElse((error) => (stale(error) ? okAsync(null) : errAsync(error)));
          }),
        (arn) =>
          readOrNull(edge, arn).map((found) =>
            found === null || found.enabled ? 'absent' : deployed(found) ? stopped(arn) : null,
          ),
      ),
      delete: stepHandler(
        (arn) =>
          readOrNull(edge, arn).andThen((distribution): ResultAsync<JsonObject | null, DecomError> => {
            if (distribution === null) return okAsync(deleted(arn));
            if (distribution.enabled)
              return errAsync(
                decomError.conflict({
                  message: `cloudfront:DeleteDistribution on ${arn}: it is enabled (enabled again since the scream test): not deleted`,
                  resource: arn,
                }),
              );
            if (!deployed(distribution)) return okAsync(null);
            return edge
              .delete('distributions', arn, distribution.etag)
              .map((): JsonObject | null => deleted(arn))
              .orElse((error) => (stale(error) ? okAsync(null) : errAsync(error)));
          }),
        (arn) => readOrNull(edge, arn).map((found) => (found === null ? deleted(arn) : 'absent')),
      ),
    },
  });
}
