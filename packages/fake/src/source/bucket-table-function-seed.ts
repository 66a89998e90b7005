import type { WorldState } from '../world.js';
import { bucketArn, functionArn, type Place, tableArn, uuidOf } from './arns.js';
import type { CommonSeed, SourceResourcesSeed, SourceTimingSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** The part of the world state this file builds. */
export type BucketTableFunctionState = Pick<
  WorldState,
  'buckets' | 'tables' | 'tableBackups' | 'functions' | 'tableDeleteMinutes'
>;

/** A tagged record of a seed: place defaults, name, tags. */
type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

/** A DynamoDB table stays `DELETING` this long by default (fake minutes). */
const DEFAULT_TABLE_DELETE_MINUTES = 1;

/** Builds the S3 buckets, DynamoDB tables and Lambda functions of a seed. */
export function bucketTableFunctionStateFromSeed(
  seed: SourceResourcesSeed & SourceTimingSeed,
  recordOf: RecordOf,
  createdAt: string,
): BucketTableFunctionState {
  return {
    buckets: (seed.buckets ?? []).map((bucket) => ({
      ...recordOf(bucket, () => bucketArn(bucket.bucketName), bucket.bucketName),
      bucketName: bucket.bucketName,
      createdAt: createdAt,
      objectVersions: bucket.objects ?? 0,
      ...(bucket.deleteMarkers === undefined
        ? {}
        : { deleteMarkers: Math.min(bucket.deleteMarkers, bucket.objects ?? 0) }),
      ...(bucket.objectBytes === undefined ? {} : { objectBytes: bucket.objectBytes }),
      ...(bucket.objectLock === true ? { objectLock: true } : {}),
    })),
    tables: (seed.tables ?? []).map((table) => ({
      ...recordOf(table, (place) => tableArn(place, table.tableName), table.tableName),
      tableName: table.tableName,
      tableId: uuidOf(`table-id/${recordOf(table, (place) => tableArn(place, table.tableName)).arn}`),
      status: 'ACTIVE' as const,
      deletionProtection: table.deletionProtection ?? false,
      deletesAt: null,
    })),
    tableBackups: [],
    functions: (seed.functions ?? []).map((lambda) => ({
      ...recordOf(lambda, (place) => functionArn(place, lambda.functionName), lambda.functionName),
      functionName: lambda.functionName,
      state: 'Active' as const,
      reservedConcurrency: lambda.reservedConcurrency ?? null,
    })),
    tableDeleteMinutes: seed.tableDeleteMinutes ?? DEFAULT_TABLE_DELETE_MINUTES,
  };
}

/**
 * Fills in what a world saved before buckets, tables, functions and queues
 * were modelled lacks (none of them; the default table delete time), so
 * `restoreFakeCloud` accepts older snapshots.
 */
export function withBucketTableFunctionDefaults(state: WorldState): WorldState {
  const saved: Partial<BucketTableFunctionState> = state;
  return {
    ...state,
    buckets: (saved.buckets ?? []).map((bucket) => ({ ...bucket, createdAt: bucket.createdAt ?? state.now })),
    tables: (saved.tables ?? []).map((table) => ({ ...table, tableId: table.tableId ?? uuidOf(table.arn) })),
    tableBackups: (saved.tableBackups ?? []).map((backup) => ({
      ...backup,
      tableId: backup.tableId ?? uuidOf(backup.tableArn),
    })),
    functions: saved.functions ?? [],
    queues: (state as Partial<WorldState>).queues ?? [],
    tableDeleteMinutes: saved.tableDeleteMinutes ?? DEFAULT_TABLE_DELETE_MINUTES,
  };
}
