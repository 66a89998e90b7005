import { okAsync, type ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { Finding } from '../model/finding.js';
import type { Resource } from '../model/resource.js';
import type { CloudConfigurationItem, CmdbPort } from '../spec/cmdb.js';

/**
 * An id EC2 generates (`i-0abc…`, `vol-…`, `snap-…`, `sg-…`, `eipalloc-…`:
 * a prefix, then 8 or 17 hex digits), unique across accounts and regions:
 * safe to match a CI by on its own. Other ids are names (a table, a
 * function, a database) that repeat across accounts, so they are matched
 * only inside their ARN.
 */
const EC2_GENERATED_ID = /^[a-z]{1,12}-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * The cloud ids a discovery tool may keep on the CI of `resource`: its ARN,
 * and, for an EC2 resource, the id EC2 generated at the end of it (Cloud
 * Discovery keeps an instance's `i-…` id).
 *
 * @example
 * ```ts
 * cloudIdsOf({ arn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc12345678def00' });
 * // ['arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc12345678def00', 'i-0abc12345678def00']
 * ```
 */
export function cloudIdsOf(resource: Pick<Resource, 'arn'>): readonly string[] {
  const [, , service] = resource.arn.split(':');
  const last = resource.arn.split(/[/:]/).at(-1) ?? '';
  return service === 'ec2' && EC2_GENERATED_ID.test(last) ? [resource.arn, last] : [resource.arn];
}

/** A CI to retire because it carries the cloud id of an in-scope resource. */
export interface ConfigurationItemOfResource {
  readonly item: CloudConfigurationItem;
  /** The ARN of the in-scope resource whose cloud id the CI carries. */
  readonly arn: string;
}

/**
 * The CIs that carry the cloud id of a resource in `inventory` and are not
 * yet retired, leaving out `excluded` (the CIs the workload lists, its Azure
 * CIs). Fails closed on scope: a CI the CMDB answers with for a cloud id that
 * was not asked for (an out-of-scope resource, a looser match) is ignored,
 * never retired. A CMDB without `findByCloudIds` finds none.
 */
export function configurationItemsOfResources(
  cmdb: Pick<CmdbPort, 'findByCloudIds'>,
  inventory: readonly Resource[],
  excluded: ReadonlySet<string>,
): ResultAsync<readonly ConfigurationItemOfResource[], DecomError> {
  const arnOf = new Map<string, string>();
  for (const resource of inventory) for (const cloudId of cloudIdsOf(resource)) arnOf.set(cloudId, resource.arn);
  if (cmdb.findByCloudIds === undefined || arnOf.size === 0) return okAsync([]);
  return cmdb.findByCloudIds([...arnOf.keys()]).map((items) => {
    const found = new Map<string, ConfigurationItemOfResource>();
    for (const item of items) {
      const arn = arnOf.get(item.cloudId);
      if (arn === undefined || item.retired || excluded.has(item.id) || found.has(item.id)) continue;
      found.set(item.id, { item, arn });
    }
    return [...found.values()];
  });
}

/** The plan's note of a CI found by cloud id, so a reviewer sees why its retirement is planned. */
export function foundByCloudIdFinding({ item, arn }: ConfigurationItemOfResource): Finding {
  return {
    severity: 'info',
    code: 'cmdb-ci-found-by-cloud-id',
    message: `CMDB CI ${item.id} (${item.name}) carries the cloud id ${item.cloudId} of ${arn}: its retirement is planned with the resource's`,
    resource: arn,
  };
}
