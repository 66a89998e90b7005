import {
  DeregisterImageCommand,
  DisableImageDeregistrationProtectionCommand,
  type Image,
  paginateDescribeImages,
} from '@aws-sdk/client-ec2';
import { decomError, errAsync, okAsync, type Resource } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onResources, withoutAccount } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ec2Resource } from './ec2-resource.js';
import { claimsOn, goneRead, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::EC2::Image';

/**
 * The image id of an AMI ARN, or null. Both shapes are accepted: AWS's own,
 * without an account (`arn:aws:ec2:eu-west-1::image/ami-…`), and the one the
 * tagging API and this package build, with the owner's account.
 */
export function imageIdOf(arn: string): string | null {
  const id = ec2IdOf(arn, 'image');
  return id !== null && /^ami-[0-9a-z]+$/.test(id) ? id : null;
}

/**
 * The caller's registered images among `ids` (DescribeImages, `image-id` filter and
 * `Owners: self`, paginated): a missing id is no error, a deregistered one is left out.
 */
export function describeImages(clients: AwsClients, region: string, ids: readonly string[]) {
  return ownImagesAmong(clients, region, ids).map((found) => found.filter((image) => image.State !== 'deregistered'));
}

const ownImagesAmong = filterDescribe(
  'ec2',
  'ec2:DescribeImages',
  paginateDescribeImages,
  'image-id',
  (page) => page.Images,
  {
    input: { Owners: ['self'], MaxResults: 1000 },
  },
);

/** The EBS snapshot ids an image's block device mappings use. */
export function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((mapping) =>
    mapping.Ebs?.SnapshotId === undefined ? [] : [mapping.Ebs.SnapshotId],
  );
}

function toResource(place: Place, image: Image): Resource {
  return ec2Resource(place, TYPE, 'image', image.ImageId ?? '', {
    tags: image.Tags,
    name: image.Name,
    state: image.State ?? 'unknown',
    protection: { deletion: deregistrationProtectionOf(image).on, stop: false },
    dependsOn: [],
  });
}

/**
 * An image's deregistration protection as DescribeImages reports it:
 * `enabled` or `enabled-with-cooldown` (on), `disabled`, or, after a lift
 * with a cooldown, `disabled-until <time>`, before which AWS still refuses
 * DeregisterImage.
 */
export function deregistrationProtectionOf(image: Image): { readonly on: boolean; readonly until: Date | null } {
  const value = image.DeregistrationProtection ?? '';
  const until = /^disabled-until\s+(\S+)/.exec(value)?.[1];
  const date = until === undefined ? null : new Date(until);
  return { on: value.startsWith('enabled'), until: date !== null && !Number.isNaN(date.getTime()) ? date : null };
}

/**
 * AMIs (the caller's own): delete is DeregisterImage only, with
 * `DeleteAssociatedSnapshots=false` sent explicitly. As in the fake, the
 * image's EBS snapshots are resources of their own (`AWS::EC2::Snapshot`, which
 * depend on the image): each is deleted by its own scope-checked action once
 * the image is deregistered, so a snapshot outside the workload is never
 * deleted through its image. The result names the snapshots left for those
 * actions. Not stoppable. Deregistration protection is the image's
 * deletion protection: lifted (DisableImageDeregistrationProtection) only by
 * its own planned action, where the workload's policy allows; while it is
 * on, or cooling down after a lift, DeregisterImage is refused (Conflict,
 * nothing sent, the cooldown's end named). ARNs carry the caller's account, as the tagging API
 * reports them; AWS's account-less form is accepted as input.
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [AMI]);
 * await port.handlers?.['resource.delete']?.execute(action, context); // DeregisterImage
 * ```
 */
export const AMI = defineAwsResourceType({
  iam: {
    read: ['ec2:DescribeImages'],
    lift: [onResources(withoutAccount, 'ec2:DisableImageDeregistrationProtection')],
    delete: [onResources(withoutAccount, 'ec2:DeregisterImage')],
  },
  type: TYPE,
  arnShape: { service: 'ec2', prefix: 'image/' },
  idOf: imageIdOf,
  arnOf: (place, id) => ec2Arn(place, 'image', id),
  describeMany: (clients, place, ids) =>
    describeImages(clients, place.region, ids).map((images) => images.map((image) => toResource(place, image))),
  handlers: (clients) => ({
    'protection.lift': simpleHandler({
      type: { type: TYPE, idOf: imageIdOf },
      claims: claimsOn('ec2', 'mutating'),
      run: (id, action, signal) => {
        const place = placeOf(action);
        const resource = ec2Arn(place, 'image', id);
        return awsCall({ operation: 'ec2:DisableImageDeregistrationProtection', resource, signal }, (options) =>
          clients
            .get('ec2', place.region)
            .send(new DisableImageDeregistrationProtectionCommand({ ImageId: id }), options),
        ).map(() => ({ imageId: id, protection: 'lifted' }));
      },
      readBack: (id, action) =>
        describeImages(clients, placeOf(action).region, [id]).map((found) => {
          const image = found[0];
          return image !== undefined && !deregistrationProtectionOf(image).on
            ? { imageId: id, protection: 'lifted' }
            : null;
        }),
    }),
  }),
  delete: (clients) =>
    simpleHandler({
      type: { type: TYPE, idOf: imageIdOf },
      claims: claimsOn('ec2', 'mutating'),
      run: (id, action, signal) => {
        const place = placeOf(action);
        const resource = ec2Arn(place, 'image', id);
        return describeImages(clients, place.region, [id])
          .andThen((found) => {
            const image = found[0];
            if (image === undefined) {
              return errAsync(
                decomError.notFound({ message: `ec2:DeregisterImage: ${resource} does not exist`, resource }),
              );
            }
            // Protection is lifted by its own action, never here: AWS refuses the call while it is on or
            // cooling down, so refuse it first and name it for what it is.
            const protection = deregistrationProtectionOf(image);
            if (protection.on) {
              return errAsync(
                decomError.conflict({
                  message: `ec2:DeregisterImage on ${resource}: deregistration protection is ${image.DeregistrationProtection} (lift it first): refused`,
                  resource,
                }),
              );
            }
            if (protection.until !== null && protection.until.getTime() > Date.now()) {
              return errAsync(
                decomError.conflict({
                  message: `ec2:DeregisterImage on ${resource}: deregistration protection was lifted with a cooldown that lasts until ${protection.until.toISOString()}: refused (resume after then)`,
                  resource,
                }),
              );
            }
            return okAsync(image);
          })
          .andThen((image) =>
            awsCall({ operation: 'ec2:DeregisterImage', resource, signal }, (options) =>
              clients
                .get('ec2', place.region)
                .send(new DeregisterImageCommand({ ImageId: id, DeleteAssociatedSnapshots: false }), options),
            ).map(() => ({
              imageId: id,
              state: 'deregistered',
              snapshotIdsLeftForTheirOwnActions: snapshotIdsOf(image),
            })),
          );
      },
      readBack: (id, action) =>
        goneRead(
          describeImages(clients, placeOf(action).region, [id]).map((found) => found.length > 0),
          { imageId: id, state: 'deregistered' },
        ),
      goneIsDone: true,
    }),
});
