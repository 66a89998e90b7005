import {
  DeleteDistributionCommand,
  type Distribution,
  GetDistributionCommand,
  ListTagsForResourceCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import type { Action, DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { type ConvergeStep, convergeHandler } from './converge-handler.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, limited, tagRecord } from './resource-type.js';

const TYPE = 'AWS::CloudFront::Distribution';
/** CloudFront control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('cloudfront', 'default');
/** GetDistribution calls in flight at once during discovery. */
const CONCURRENCY = 4;
/** CloudFront is global; its control plane (and its metrics) live in `us-east-1`. */
export const CLOUDFRONT_REGION = 'us-east-1';
/** What CloudFront answers an `IfMatch` that is no longer the distribution's ETag. */
const STALE_ETAG = 'PreconditionFailed';

/** The id of a CloudFront distribution ARN (`arn:aws:cloudfront::<account>:distribution/<id>`), or null. */
export function distributionIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'cloudfront', 'distribution/', '/');
  return id !== null && /^[A-Z0-9]{1,64}$/.test(id) ? id : null;
}

function distributionArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:cloudfront::${place.accountId}:distribution/${id}`;
}

/** A distribution as read now, with the ETag any change to it must name. */
interface Read {
  readonly distribution: Distribution;
  readonly etag: string | undefined;
}

/** GetDistribution: the distribution and its current ETag, or null when it does not exist. */
function readDistribution(clients: AwsClients, id: string): ResultAsync<Read | null, DecomError> {
  return awsCall({ operation: 'cloudfront:GetDistribution', resource: id }, () =>
    clients.get('cloudfront', CLOUDFRONT_REGION).send(new GetDistributionCommand({ Id: id })),
  )
    .map((output) =>
      output.Distribution === undefined ? null : { distribution: output.Distribution, etag: output.ETag },
    )
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

const enabled = (read: Read) => read.distribution.DistributionConfig?.Enabled !== false;
const deployed = (read: Read) => read.distribution.Status === 'Deployed';

function describeDistribution(clients: AwsClients, place: Place, id: string): ResultAsync<Resource | null, DecomError> {
  return readDistribution(clients, id).andThen((read) => {
    if (read === null) return okAsync(null);
    // Reported under its ARN as AWS writes it (moto leaves out the empty region); its tags read by the service's own.
    const arn = distributionArn(place, id);
    const own = read.distribution.ARN ?? arn;
    return awsCall({ operation: 'cloudfront:ListTagsForResource', resource: arn }, () =>
      clients.get('cloudfront', CLOUDFRONT_REGION).send(new ListTagsForResourceCommand({ Resource: own })),
    )
      .map((tags): Resource | null => ({
        arn,
        type: TYPE,
        accountId: place.accountId,
        region: CLOUDFRONT_REGION,
        name: read.distribution.DomainName ?? id,
        tags: tagRecord(tags.Tags?.Items),
        state: enabled(read) ? (read.distribution.Status ?? 'unknown') : deployed(read) ? 'stopped' : 'stopping',
        protection: { deletion: false, stop: false },
        dependsOn: [],
      }))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  });
}

/** A call that names the ETag: a stale one (the distribution changed since the read) waits for a fresh read, never forces. */
function withEtag(
  operation: string,
  action: Action,
  id: string,
  signal: AbortSignal,
  send: (options: { abortSignal?: AbortSignal }) => Promise<unknown>,
): ResultAsync<'sent' | 'stale', DecomError> {
  return awsCall({ operation, resource: action.target.arn ?? id, signal }, send)
    .map(() => 'sent' as const)
    .orElse((error) => (awsErrorCode(error.cause) === STALE_ETAG ? okAsync('stale' as const) : errAsync(error)));
}

const WAITING: ConvergeStep = { waiting: true };
const stopped = (id: string): ConvergeStep => ({ done: { distributionId: id, enabled: false, state: 'stopped' } });
const deleted = (id: string): ConvergeStep => ({ done: { distributionId: id, state: 'deleted' } });

/** The scream test, one step: disable with the current ETag, then wait until the change is Deployed. */
function disableStep(clients: AwsClients, id: string, action: Action, signal: AbortSignal) {
  const resource = action.target.arn ?? id;
  return readDistribution(clients, id).andThen((read): ResultAsync<ConvergeStep, DecomError> => {
    if (read === null) {
      return errAsync(
        decomError.notFound({ message: `cloudfront:UpdateDistribution: ${resource} does not exist`, resource }),
      );
    }
    if (!enabled(read)) return okAsync(deployed(read) ? stopped(id) : WAITING);
    const config = read.distribution.DistributionConfig;
    if (config === undefined) {
      return errAsync(
        decomError.providerFailure({
          message: `cloudfront:GetDistribution on ${resource}: no DistributionConfig in the answer; not disabled`,
          retryable: true,
          resource,
        }),
      );
    }
    return withEtag('cloudfront:UpdateDistribution', action, id, signal, (options) =>
      clients.get('cloudfront', CLOUDFRONT_REGION).send(
        new UpdateDistributionCommand({
          Id: id,
          IfMatch: read.etag,
          DistributionConfig: { ...config, Enabled: false },
        }),
        options,
      ),
    ).map(() => WAITING);
  });
}

/** The delete, one step: refused while enabled, waits while a change deploys, then deletes with the current ETag. */
function deleteStep(clients: AwsClients, id: string, action: Action, signal: AbortSignal) {
  const resource = action.target.arn ?? id;
  return readDistribution(clients, id).andThen((read): ResultAsync<ConvergeStep, DecomError> => {
    if (read === null) return okAsync(deleted(id));
    if (enabled(read)) {
      return errAsync(
        decomError.conflict({
          message: `cloudfront:DeleteDistribution on ${resource}: it is enabled (enabled again since the scream test): not deleted`,
          resource,
        }),
      );
    }
    if (!deployed(read)) return okAsync(WAITING);
    return withEtag('cloudfront:DeleteDistribution', action, id, signal, (options) =>
      clients
        .get('cloudfront', CLOUDFRONT_REGION)
        .send(new DeleteDistributionCommand({ Id: id, IfMatch: read.etag }), options),
    )
      .map((sent) => (sent === 'sent' ? deleted(id) : WAITING))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(deleted(id)) : errAsync(error)));
  });
}

/**
 * CloudFront distributions (global: their ARNs name no region; read and
 * changed in `us-east-1`, where the tagging API lists them). No protection;
 * no data (the cache is a copy of the origins). Scream test: disabled
 * (UpdateDistribution `Enabled: false` with the ETag just read), then waited
 * on until its status is `Deployed` (`stopped`; enabling it again undoes
 * it). Delete: refused (Conflict, nothing sent) while enabled, waited on
 * while a change deploys, then DeleteDistribution with the current ETag
 * (`IfMatch`). A stale ETag (PreconditionFailed: someone changed it since the
 * read) is never forced: the next poll reads it again and decides afresh.
 * One already gone counts as deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [CLOUDFRONT_DISTRIBUTION]);
 * ```
 */
export const CLOUDFRONT_DISTRIBUTION = defineAwsResourceType({
  iam: {
    read: ['cloudfront:GetDistribution', 'cloudfront:ListTagsForResource'],
    stop: [onTarget('cloudfront:UpdateDistribution')],
    delete: [onTarget('cloudfront:DeleteDistribution')],
  },
  type: TYPE,
  arnShape: { service: 'cloudfront', prefix: 'distribution/' },
  config: { pattern: /^distribution\/([A-Z0-9]{1,64})$/, lookup: 'id' },
  stoppable: true,
  idOf: distributionIdOf,
  arnOf: distributionArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) => describeDistribution(clients, place, id)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  handlers: (clients) => ({
    'resource.stop': convergeHandler(clients, {
      type: TYPE,
      idOf: distributionIdOf,
      claims,
      step: (id, action, signal) => disableStep(clients, id, action, signal),
      settled: (id) =>
        readDistribution(clients, id).map((read) =>
          read === null || enabled(read) ? null : deployed(read) ? stopped(id) : WAITING,
        ),
    }),
  }),
  delete: (clients) =>
    convergeHandler(clients, {
      type: TYPE,
      idOf: distributionIdOf,
      claims,
      step: (id, action, signal) => deleteStep(clients, id, action, signal),
      settled: (id) => readDistribution(clients, id).map((read) => (read === null ? deleted(id) : null)),
    }),
});
