import type { Workload } from '@decomkit/core';
import { STANDARD_ACCOUNT } from './standard-world.js';
import type { WorldFixture } from './target.js';

/** The AWS types the dataResources rows hold providers to. */
export const DATA_TYPES = {
  bucket: 'AWS::S3::Bucket',
  table: 'AWS::DynamoDB::Table',
  function: 'AWS::Lambda::Function',
} as const;

/**
 * The world of the dataResources rows ({@link dataResourceRows}): in-scope (`workload=payments`) and
 * look-alike S3 buckets, DynamoDB tables and Lambda functions, no instances.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(DATA_WORLD); // what a target's create builds from
 * ```
 */
export const DATA_WORLD: WorldFixture = {
  accountId: STANDARD_ACCOUNT.accountId,
  region: STANDARD_ACCOUNT.region,
  instances: [],
  buckets: [
    { name: 'payments-exports-1', tags: { workload: 'payments' }, objects: 2 },
    { name: 'payments-scratch-1', tags: { workload: 'payments' } },
    { name: 'payments-archive-1', tags: { workload: 'payments-archive' } },
    { name: 'payments-untagged-1', tags: {} },
    { name: 'payments-far-1', tags: { workload: 'payments' }, region: 'us-east-1' },
  ],
  tables: [
    { name: 'payments-sessions', tags: { workload: 'payments' }, deletionProtection: true },
    { name: 'archive-sessions', tags: { workload: 'payments-archive' } },
  ],
  functions: [
    { name: 'payments-worker', tags: { workload: 'payments' } },
    { name: 'archive-worker', tags: { workload: 'payments-archive' } },
  ],
};

/**
 * The names in DATA_WORLD that the `workload=payments` selector puts in scope in the world's region, by type.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(DATA_IN_SCOPE); // what a target's create builds from
 * ```
 */
export const DATA_IN_SCOPE = {
  buckets: ['payments-exports-1', 'payments-scratch-1'],
  tables: ['payments-sessions'],
  functions: ['payments-worker'],
} as const;

/** The in-scope bucket of DATA_WORLD that lives in another region (us-east-1). */
export const FAR_BUCKET = { name: 'payments-far-1', region: 'us-east-1' } as const;

/** The selector of the group: `workload=payments` in `regions` (default the world's region). */
export function dataSource(regions: readonly string[] = [DATA_WORLD.region]): Workload['source'] {
  return { accountId: DATA_WORLD.accountId, regions: [...regions], select: { tags: { workload: 'payments' } } };
}

/**
 * The ARNs AWS gives these resources, derived from the world (not asked of
 * the target): a provider naming them otherwise drifts from AWS.
 */
export const dataArnOf = {
  /** `arn:aws:s3:::<name>`: bucket ARNs carry neither region nor account. */
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  /** `arn:aws:dynamodb:<region>:<account>:table/<name>`. */
  table: (name: string) => `arn:aws:dynamodb:${DATA_WORLD.region}:${DATA_WORLD.accountId}:table/${name}`,
  /** `arn:aws:lambda:<region>:<account>:function:<name>` (unqualified). */
  function: (name: string) => `arn:aws:lambda:${DATA_WORLD.region}:${DATA_WORLD.accountId}:function:${name}`,
} as const;
