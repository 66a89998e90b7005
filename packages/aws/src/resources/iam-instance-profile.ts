import {
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  type InstanceProfile,
  paginateListInstanceProfiles,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import type { Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { listAll } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import {
  describeIam,
  discoverIamByTags,
  IAM_USE_READS,
  iamArn,
  iamIdOf,
  iamRefusal,
  iamResource,
  inSequence,
  instancesByProfile,
  orGone,
} from './iam-calls.js';
import { claimsOn, goneRead, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::IAM::InstanceProfile';
const claims = claimsOn('iam', 'default');

/** The name of an IAM instance profile ARN (`arn:aws:iam::<account>:instance-profile/<path/><name>`), or null. */
export const iamInstanceProfileNameOf = (arn: string): string | null => iamIdOf(arn, 'instance-profile');

/** GetInstanceProfile: the profile, or null when it does not exist. */
function getProfile(clients: AwsClients, name: string): ResultAsync<InstanceProfile | null, DecomError> {
  return orGone(
    awsCall({ operation: 'iam:GetInstanceProfile', resource: name }, () =>
      clients.get('iam', '').send(new GetInstanceProfileCommand({ InstanceProfileName: name })),
    ).map((output) => output.InstanceProfile ?? null),
  );
}

/**
 * The profiles among `names` (those `keep` accepts by their tags, when given), each depending on the
 * instances it is associated with, in any region; the associations are read only when a profile is kept.
 */
function describeProfiles(
  clients: AwsClients,
  place: Place,
  names: readonly string[],
  keep: (tags: Readonly<Record<string, string>> | null) => boolean = () => true,
): ResultAsync<Resource[], DecomError> {
  return describeIam(names, (name) =>
    getProfile(clients, name).map((profile) => (profile === null ? null : { name, profile })),
  ).andThen((found) => {
    const kept = found.filter(({ profile }) => keep(tagRecord(profile.Tags)));
    if (kept.length === 0) return okAsync([]);
    return instancesByProfile(clients, place).map((instances) =>
      kept.map(({ name, profile }) => {
        const arn = profile.Arn ?? iamArn(place, 'instance-profile', name);
        // The instances using it are retired first; one that stays (another workload's) keeps the profile.
        return iamResource(place, {
          arn,
          type: TYPE,
          name,
          tags: tagRecord(profile.Tags),
          dependsOn: instances.get(arn) ?? [],
        });
      }),
    );
  });
}

/**
 * IAM instance profiles (global). Discovered by their tags
 * (ListInstanceProfiles, GetInstanceProfile). Not stoppable, no data. A
 * profile is deleted after every EC2 instance associated with it, in any
 * region (its `dependsOn`: an instance that stays keeps it, a blocking
 * finding naming the instance); the delete refuses (Conflict, nothing
 * sent) a profile still associated with an instance, removes its roles
 * (the roles themselves are untouched: a role is retired by its own
 * action, after the profile) and deletes it.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // IAM_INSTANCE_PROFILE among them
 * ```
 */
export const IAM_INSTANCE_PROFILE = defineAwsResourceType({
  iam: {
    read: ['iam:GetInstanceProfile', 'iam:ListInstanceProfiles', ...IAM_USE_READS],
    delete: [onTarget('iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile')],
  },
  type: TYPE,
  arnShape: { service: 'iam', prefix: 'instance-profile/' },
  // AWS Config records it under its name (in the region that records global resources).
  config: { pattern: /^instance-profile\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/, lookup: 'name' },
  idOf: iamInstanceProfileNameOf,
  arnOf: (place, name) => iamArn(place, 'instance-profile', name),
  describeMany: (clients, place, names) => describeProfiles(clients, place, names),
  discoverByTags: (clients, place, tags) =>
    discoverIamByTags(
      listAll(
        'iam:ListInstanceProfiles',
        () => paginateListInstanceProfiles({ client: clients.get('iam', '') }, {}),
        (page) => page.InstanceProfiles,
      ).map((profiles) => profiles.flatMap((profile) => profile.InstanceProfileName ?? [])),
      (names) => describeProfiles(clients, place, names, (found) => found === null || carriesEveryTag(found, tags)),
      tags,
    ),
  delete: (clients) => {
    const iam = clients.get('iam', '');
    const result = (name: string) => ({ instanceProfileName: name, state: 'deleted' });
    return simpleHandler({
      type: { type: TYPE, idOf: iamInstanceProfileNameOf },
      claims,
      goneIsDone: true,
      run: (name, action, signal) => {
        const place = placeOf(action);
        const resource = action.target.arn ?? iamArn(place, 'instance-profile', name);
        return getProfile(clients, name)
          .andThen((profile) => {
            if (profile === null) {
              return errAsync(
                decomError.notFound({ message: `iam:DeleteInstanceProfile: ${resource} does not exist`, resource }),
              );
            }
            return instancesByProfile(clients, place).andThen((instances) => {
              const using = instances.get(profile.Arn ?? resource) ?? [];
              return using.length > 0
                ? iamRefusal('iam:DeleteInstanceProfile', resource, `still associated with ${using.join(', ')}`)
                : inSequence(
                    (profile.Roles ?? []).flatMap((role) => role.RoleName ?? []),
                    (role) =>
                      awsCall({ operation: 'iam:RemoveRoleFromInstanceProfile', resource, signal }, (options) =>
                        iam.send(
                          new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role }),
                          options,
                        ),
                      ),
                  );
            });
          })
          .andThen(() =>
            awsCall({ operation: 'iam:DeleteInstanceProfile', resource, signal }, (options) =>
              iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name }), options),
            ),
          )
          .map(() => result(name));
      },
      readBack: (name) =>
        goneRead(
          getProfile(clients, name).map((profile) => profile !== null),
          result(name),
        ),
    });
  },
});
