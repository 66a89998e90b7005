import type { Resource } from '@decomkit/core';
import { ec2Arn, type Place } from '../arns.js';
import { nameFrom, tagRecord } from './resource-type.js';

/** What one EC2 describe says of a resource beyond the fields every EC2 resource shares. */
export interface Ec2ResourceFacts {
  /** EC2's tag list of it. */
  readonly tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[] | undefined;
  /** The name when it has no `Name` tag; its id when absent. */
  readonly name?: string | undefined;
  /** EC2's state word. */
  readonly state: string;
  /** None when absent (`{ deletion: false, stop: false }`). */
  readonly protection?: Resource['protection'];
  readonly dependsOn: readonly string[];
  readonly resourceIdentity?: string;
}

/**
 * An EC2 resource (volume, snapshot, image, Elastic IP, security group) as
 * the inventory reports it: the ARN `<kind>/<id>` in `place`, its account and
 * region, its tags, its name (the `Name` tag, else `facts.name`, else the
 * id), no protection unless `facts` says so.
 *
 * @example
 * ```ts
 * ec2Resource(place, 'AWS::EC2::Volume', 'volume', 'vol-0abc', { tags: volume.Tags, state: 'available', dependsOn: [] });
 * ```
 */
export function ec2Resource(place: Place, type: string, kind: string, id: string, facts: Ec2ResourceFacts): Resource {
  const tags = tagRecord(facts.tags);
  return {
    arn: ec2Arn(place, kind, id),
    type,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom(tags, facts.name ?? id),
    tags,
    state: facts.state,
    protection: facts.protection ?? { deletion: false, stop: false },
    dependsOn: facts.dependsOn,
    ...(facts.resourceIdentity === undefined ? {} : { resourceIdentity: facts.resourceIdentity }),
  };
}
