import { DATA_WORLD } from './data-resource-fixtures.js';
import type { ResourceTypeRow } from './resource-type-row.js';
import type { ResourceFixture } from './world-fixtures.js';

/**
 * One infrastructure row as data: its fixtures (in scope when tagged
 * `workload=payments`, look-alikes otherwise; protected in scope when
 * `deletionProtection`), and the row's own facts and flags. The world, the
 * selector and the oracle are the same for every such row
 * ({@link infrastructureRows}).
 *
 * @example
 * ```ts
 * const queues: ResourceRowSpec = {
 *   type: 'AWS::SQS::Queue',
 *   fixtures: [resourceFixture('AWS::SQS::Queue', 'payments-jobs', 'payments')],
 *   arnOf: (name) => `arn:aws:sqs:eu-west-1:111122223333:${name}`,
 *   missing: 'payments-missing',
 *   wrongArns: ['arn:aws:sqs:eu-west-1:111122223333:payments-jobs/extra'],
 *   deletable: 'payments-jobs',
 * };
 * ```
 */
export interface ResourceRowSpec
  extends Omit<ResourceTypeRow, 'create' | 'source' | 'inScope' | 'lookAlikes' | 'protectedNames'> {
  /** The row's world: these resources, of `type` only. The in-scope ones in the order the row's checks take them (`inScope[0]` is the one stopped). */
  readonly fixtures: readonly ResourceFixture[];
  /** The regions the selector names, where the type lives elsewhere than the world's region (CloudFront is global: `us-east-1`). Default the world's region. */
  readonly regions?: readonly string[];
}

/** The workload the infrastructure rows' selector puts in scope. */
export const ROW_WORKLOAD = 'payments';

/**
 * A fixture of `type` named `name`, tagged `workload=<workload>` (no tags
 * when null) and, where the service picks the id and the name comes from the
 * `Name` tag (`nameTag`), `Name=<name>`.
 *
 * @example
 * ```ts
 * const web = resourceFixture('AWS::EC2::Instance', 'payments-web', 'payments', { nameTag: true, deletionProtection: true });
 * ```
 */
export function resourceFixture(
  type: string,
  name: string,
  workload: string | null,
  options: { readonly nameTag?: boolean; readonly deletionProtection?: boolean; readonly contents?: number } = {},
): ResourceFixture {
  const tags: Record<string, string> = {};
  if (options.nameTag === true) tags.Name = name;
  if (workload !== null) tags.workload = workload;
  return {
    type,
    name,
    tags,
    ...(options.deletionProtection === true ? { deletionProtection: true } : {}),
    ...(options.contents === undefined ? {} : { contents: options.contents }),
  };
}

/** `arn:aws:<service>:<region>:<account>:<resource>` in the rows' world (DATA_WORLD's account and region). */
export function worldArn(service: string, resource: string): string {
  return `arn:aws:${service}:${DATA_WORLD.region}:${DATA_WORLD.accountId}:${resource}`;
}
