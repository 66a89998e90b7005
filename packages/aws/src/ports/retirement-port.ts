import type { RetirementPort } from '@decomkit/core';
import { retirementPortOf } from '@decomkit/provider-kit';
import type { AwsClients } from '../clients.js';
import type { AwsResourceType } from '../resources/resource-type.js';

/**
 * The `retirement` port over the AWS SDK: `resource.stop`, `resource.delete`
 * and `protection.lift` for every type with a resource file, dispatched by the
 * target's ARN (the provider kit's `retirementPortOf`), each reconcilable by
 * describing the resource and declaring its rate-limit claims (the engine's
 * `ec2`/`rds` buckets). Types without a file are not in `supportedTypes`; an
 * action on one is refused.
 */
export function awsRetirementPort(clients: AwsClients, types: readonly AwsResourceType[]): RetirementPort {
  return retirementPortOf(
    types.map((type) => ({ type: type.type, idOf: (arn: string) => type.idOf(arn), handlers: type.handlers(clients) })),
  );
}
