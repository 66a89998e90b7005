import type { Resource } from '@decomkit/core';
import type { FakeInstance } from '../world.js';

/** The resource type of fake EC2 instances. */
export const EC2_INSTANCE = 'AWS::EC2::Instance';

/** An EC2 instance as a decomkit resource. */
export function instanceResource(instance: FakeInstance): Resource {
  return {
    arn: instance.arn,
    type: EC2_INSTANCE,
    accountId: instance.accountId,
    region: instance.region,
    // As the AWS provider names it: its name, else its Name tag, else its id.
    name: instance.name ?? instance.tags.Name ?? instance.id,
    tags: instance.tagsReadable ? { ...instance.tags } : null,
    state: instance.state,
    protection:
      instance.protectionAtPlan === 'unknown'
        ? { deletion: 'unknown', stop: 'unknown' }
        : { deletion: instance.terminationProtection, stop: instance.stopProtection },
    dependsOn: [],
    resourceIdentity: instance.id,
  };
}

/** The instance id in an EC2 instance ARN, or null for any other ARN. */
export function instanceIdOf(arn: string): string | null {
  const match = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance\/(i-[0-9a-zA-Z]+)$/.exec(arn);
  return match?.[1] ?? null;
}
