import type { DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { FakeEcsService } from '../source/container-stream-types.js';
import type { FakeEcs } from '../source/ecs.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.ecsService;
const SERVICE_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]{1,255}$/;
/** The tag the scream test leaves on a service: its desired count before. */
const PREVIOUS_DESIRED_COUNT_TAG = 'decomkit:previous-desired-count';

/** The ARN itself, for an ECS service ARN in the long format (`…:service/<cluster>/<name>`); null otherwise. */
export function ecsServiceArnOf(arn: string): string | null {
  return SERVICE_ARN.test(arn) ? arn : null;
}

function toResource(service: FakeEcsService): Resource {
  return recordResource(TYPE, service, {
    name: service.serviceName,
    state: service.desiredCount === 0 ? 'stopped' : 'ACTIVE',
  });
}

/**
 * ECS services, as the AWS provider treats them: found through the tagging
 * API; no protection, no data. The scream test is UpdateService with desired
 * count 0, the count before kept in the result and as the tag
 * `decomkit:previous-desired-count`; delete is DeleteService, refused
 * (Conflict, nothing sent) while the service is scaled above 0; gone = done.
 */
export function ecsServiceKind(ecs: FakeEcs, tagging: FakeTagging): ResourceKind {
  const stopped = (arn: string, previous: string | undefined): JsonObject => ({
    service: arn.split(':service/')[1] ?? arn,
    desiredCount: 0,
    ...(previous === undefined ? {} : { previousDesiredCount: Number(previous) }),
    state: 'stopped',
  });
  const deleted = (arn: string) => ({ service: arn.split(':service/')[1] ?? arn, state: 'deleted' });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: ecsServiceArnOf,
    list: { taggedBy: tagging },
    describe: (arn) => goneAsNull(ecs.describeService(arn), toResource),
    retire: {
      claims: claimsOn('ecs', 'default'),
      stop: {
        run: (arn): ResultAsync<JsonObject, DecomError> =>
          ecs.describeService(arn).andThen((service): ResultAsync<JsonObject, DecomError> => {
            const kept = service.tags[PREVIOUS_DESIRED_COUNT_TAG];
            if (service.desiredCount === 0) return okAsync(stopped(arn, kept));
            const previous = String(service.desiredCount);
            return ecs
              .tagService(arn, { [PREVIOUS_DESIRED_COUNT_TAG]: previous })
              .andThen(() => ecs.updateService(arn, 0))
              .map(() => stopped(arn, previous));
          }),
        readBack: (arn) =>
          ecs
            .describeService(arn)
            .map((service) =>
              service.desiredCount === 0 ? stopped(arn, service.tags[PREVIOUS_DESIRED_COUNT_TAG]) : null,
            )
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (arn) =>
          ecs.describeService(arn).andThen((service) =>
            service.desiredCount > 0
              ? errAsync(
                  decomError.conflict({
                    message: `ecs:DeleteService on ${arn}: its desired count is ${service.desiredCount} (scaled up since the scream test): not deleted`,
                    resource: arn,
                  }),
                )
              : ecs.deleteService(arn).map(() => deleted(arn)),
          ),
        readBack: (arn) => goneRead(ecs.describeService(arn), deleted(arn)),
      },
    },
  });
}
