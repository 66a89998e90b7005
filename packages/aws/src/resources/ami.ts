import { DeregisterImageCommand, type Image, paginateDescribeImages } from '@aws-sdk/client-ec2';
import { type DecomError, decomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import {
  type AwsResourceType,
  chunks,
  claimsOn,
  goneRead,
  nameFrom,
  noProtectionHandler,
  notStoppableHandler,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::EC2::Image';
/** Image ids per DescribeImages `image-id` filter (EC2 takes up to 200 filter values). */
const FILTER_CHUNK = 200;

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
  const ec2 = clients.get('ec2', region);
  return ResultAsync.combine(
    chunks(ids, FILTER_CHUNK).map((chunk) =>
      awsCall({ operation: 'ec2:DescribeImages' }, async () => {
        const found: Image[] = [];
        for await (const page of paginateDescribeImages(
          { client: ec2 },
          { Owners: ['self'], Filters: [{ Name: 'image-id', Values: chunk }], MaxResults: 1000 },
        )) {
          found.push(...(page.Images ?? []));
        }
        return found;
      }),
    ),
  ).map((pages) => pages.flat().filter((image) => image.State !== 'deregistered'));
}

/** The EBS snapshot ids an image's block device mappings use. */
export function snapshotIdsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((mapping) =>
    mapping.Ebs?.SnapshotId === undefined ? [] : [mapping.Ebs.SnapshotId],
  );
}

function toResource(place: Place, image: Image): Resource {
  const id = image.ImageId ?? '';
  const tags = tagRecord(image.Tags);
  return {
    arn: ec2Arn(place, 'image', id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom(tags, image.Name ?? id),
    tags,
    state: image.State ?? 'unknown',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/**
 * AMIs (the caller's own): delete is DeregisterImage only, with
 * `DeleteAssociatedSnapshots=false` sent explicitly. As in the fake, the
 * image's EBS snapshots are resources of their own (`AWS::EC2::Snapshot`, which
 * depend on the image): each is deleted by its own scope-checked action once
 * the image is deregistered, so a snapshot outside the workload is never
 * deleted through its image. The result names the snapshots left for those
 * actions. Not stoppable; no protection to lift (as the fake): an image
 * whose deregistration protection is on is refused (Conflict, nothing sent),
 * never unprotected here. ARNs carry the caller's account, as the tagging API
 * reports them; AWS's account-less form is accepted as input.
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [AMI]);
 * await port.handlers?.['resource.delete']?.execute(action, context); // DeregisterImage
 * ```
 */
export const AMI: AwsResourceType = {
  type: TYPE,
  idOf: imageIdOf,
  arnOfPhysicalId: (place, physicalId) => ec2Arn(place, 'image', physicalId),
  describeMany: (clients, place, ids): ResultAsync<Resource[], DecomError> =>
    describeImages(clients, place.region, ids).map((images) => images.map((image) => toResource(place, image))),
  handlers: (clients) => ({
    'resource.stop': notStoppableHandler(TYPE),
    'protection.lift': noProtectionHandler(TYPE),
    'resource.delete': simpleHandler({
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
            // Deregistration protection is not lifted here (as in the fake, which has none): AWS refuses the
            // call while it is on, so refuse it first and name it for what it is.
            const protection = image.DeregistrationProtection;
            return protection === undefined || protection === '' || protection === 'disabled'
              ? okAsync(image)
              : errAsync(
                  decomError.conflict({
                    message: `ec2:DeregisterImage on ${resource}: deregistration protection is ${protection}: refused`,
                    resource,
                  }),
                );
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
  }),
};
