import { parseArn } from './arns.js';
import { AWS_RESOURCE_TYPES } from './resources/resource-types.js';

/**
 * How AWS Config keys a resource: by `resourceId` read from the ARN, or by
 * `resourceName` when Config's resourceId is not in the ARN (an RDS instance is
 * keyed by its `DbiResourceId`, a cluster by its `DbClusterResourceId`; load
 * balancers, target groups, Auto Scaling groups, tables and functions are
 * looked up by name too, so no guess about their resourceId is needed).
 */
export type ConfigLookup = 'id' | 'name';

/** One row of {@link CONFIG_RESOURCE_KEYS}: an ARN shape and how Config knows it. */
export interface ConfigResourceKeyRule {
  /** The ARN's service. */
  readonly service: string;
  /** Matches the ARN's resource part; group 1 is the id or name. */
  readonly pattern: RegExp;
  /** The AWS Config resource type. */
  readonly type: string;
  readonly lookup: ConfigLookup;
}

/**
 * ARN shapes → AWS Config keys, one row per resource file that declares a
 * `config` key (derived from the descriptors). A type not here is not read
 * from Config (its record is absent, which never confirms a deletion). AMIs
 * (`image/ami-…`) declare none on purpose: AWS Config does not record
 * `AWS::EC2::Image` (not in its ResourceType list); their snapshots are not
 * recorded either.
 */
export const CONFIG_RESOURCE_KEYS: readonly ConfigResourceKeyRule[] = AWS_RESOURCE_TYPES.flatMap((type) =>
  type.config === undefined
    ? []
    : [
        {
          service: type.arnShape.service,
          pattern: type.config.pattern,
          type: type.config.type ?? type.type,
          lookup: type.config.lookup,
        },
      ],
);

/** Where and how AWS Config knows one ARN. */
export interface ConfigResourceKey {
  readonly arn: string;
  readonly type: string;
  readonly lookup: ConfigLookup;
  /** The resourceId (`lookup: 'id'`) or resourceName (`lookup: 'name'`). */
  readonly value: string;
  /** The ARN's region; empty for S3 buckets (their ARNs name none). */
  readonly region: string;
  /** The ARN's account; empty for S3 buckets. */
  readonly accountId: string;
}

/**
 * How AWS Config knows `arn`: its type, and the id or name to look it up by.
 * `'malformed'` when the text is not an ARN; null when the ARN is of a type
 * this table does not map (its Config record is then absent).
 *
 * @example
 * ```ts
 * configResourceKey('arn:aws:rds:eu-west-1:111122223333:db:payments');
 * // { type: 'AWS::RDS::DBInstance', lookup: 'name', value: 'payments', region: 'eu-west-1', … }
 * ```
 */
export function configResourceKey(arn: string): ConfigResourceKey | 'malformed' | null {
  const parsed = parseArn(arn);
  if (parsed === null) return 'malformed';
  for (const rule of CONFIG_RESOURCE_KEYS) {
    if (rule.service !== parsed.service) continue;
    const value = rule.pattern.exec(parsed.resource)?.[1];
    if (value === undefined) continue;
    return {
      arn,
      type: rule.type,
      lookup: rule.lookup,
      value,
      region: parsed.region,
      accountId: parsed.accountId,
    };
  }
  return null;
}
