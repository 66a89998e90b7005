import type { Action, DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { errAsync, okAsync } from '@decomkit/core';
import type { DataStoreList, DataStoreRecord, FakeDataStores } from '../source/data-stores.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind, type FakeKindHandler } from './define-fake-resource-kind.js';
import { finalSnapshotNotConfirmed } from './final-snapshot-not-confirmed.js';
import { finalSnapshotIdentifier } from './rds-database-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

/** What one kind over {@link FakeDataStores} declares. */
export interface DataStoreKindSpec<List extends DataStoreList> {
  readonly type: string;
  readonly list: List;
  /** The ARNs of the kind (anything else is refused). */
  readonly arnPattern: RegExp;
  /** The rate-limit service of its calls. */
  readonly service: string;
  /** The key naming it in the delete's result. */
  readonly idKey: string;
  readonly idOf: (record: DataStoreRecord<List>) => string;
  /** Its state, what it depends on and its identity (its name where not its id), as the AWS provider reports them. */
  readonly fields: (record: DataStoreRecord<List>) => {
    readonly name?: string;
    readonly state: string;
    readonly dependsOn?: readonly string[];
    readonly resourceIdentity?: string;
  };
  readonly holdsData?: boolean;
  readonly noBackupMethod?: string;
  /** The delete's calls; the result's extra fields (the final snapshot). */
  readonly remove: (arn: string, action: Action) => ResultAsync<JsonObject, DecomError>;
  /**
   * The service whose final snapshot (named from the action key) a delete of
   * the kind keeps: a reconcile that finds the resource gone confirms by it,
   * and fails closed without it. Absent: it keeps none.
   */
  readonly finalSnapshot?: 'elasticache' | 'redshift';
  readonly stop?: (stores: FakeDataStores, list: List) => FakeKindHandler;
}

/**
 * A kind of ElastiCache groups or clusters, EFS file systems, Redshift
 * clusters or OpenSearch domains, as the AWS provider treats them: found
 * through the tagging API, no protection; the delete's own calls (final
 * snapshot, mount targets first) in `remove`; gone = done.
 */
export function dataStoreKind<List extends DataStoreList>(
  stores: FakeDataStores,
  tagging: FakeTagging,
  spec: DataStoreKindSpec<List>,
): ResourceKind {
  const toResource = (record: DataStoreRecord<List>): Resource =>
    recordResource(spec.type, record, { name: spec.idOf(record), ...spec.fields(record) });
  const idFromArn = (arn: string) => arn.split(/:(?:replicationgroup|cluster):|:file-system\/|:domain\//)[1] ?? arn;
  const deleted = (arn: string): Record<string, string> => ({ [spec.idKey]: idFromArn(arn), state: 'deleted' });
  return defineFakeResourceKind({
    type: spec.type,
    idOf: (arn) => (spec.arnPattern.test(arn) ? arn : null),
    list: { taggedBy: tagging },
    describe: (arn) => goneAsNull(stores.describe(spec.list, arn), toResource),
    ...(spec.holdsData === undefined ? {} : { holdsData: spec.holdsData }),
    ...(spec.noBackupMethod === undefined ? {} : { noBackupMethod: spec.noBackupMethod }),
    retire: {
      claims: claimsOn(spec.service, 'default'),
      ...(spec.stop === undefined ? {} : { stop: spec.stop(stores, spec.list) }),
      delete: {
        run: (arn, action) => spec.remove(arn, action).map((extra) => ({ ...deleted(arn), ...extra })),
        readBack: (arn, action) =>
          goneRead(stores.describe(spec.list, arn), deleted(arn)).andThen((gone) =>
            gone === null || spec.finalSnapshot === undefined
              ? okAsync(gone)
              : reconciledSnapshot(stores, spec.finalSnapshot, arn, finalSnapshotIdentifier(action.key)).map(
                  (snapshot) => ({ ...gone, ...snapshot }),
                ),
          ),
      },
    },
  });
}

/** The final snapshot `name` a delete kept, as the AWS provider confirms it (null: it kept none). */
export function confirmedSnapshot(stores: FakeDataStores, service: 'elasticache' | 'redshift', name: string | null) {
  if (name === null) return okAsync({ finalSnapshotIdentifier: null });
  return stores.describeSnapshot(service, name).map((found) => ({
    finalSnapshotIdentifier: name,
    finalSnapshotArn: found.arn,
    finalSnapshotStatus: found.status,
  }));
}

/**
 * After a crash, the final snapshot `name` of a resource found gone, as the
 * AWS provider reconciles it: the snapshot confirms the delete; without it
 * the delete is not confirmed (ProviderFailure naming it), since a resource
 * gone before the delete and one whose final snapshot was lost look alike.
 */
function reconciledSnapshot(
  stores: FakeDataStores,
  service: 'elasticache' | 'redshift',
  arn: string,
  name: string,
): ResultAsync<JsonObject, DecomError> {
  const confirmed: ResultAsync<JsonObject, DecomError> = confirmedSnapshot(stores, service, name);
  return confirmed.orElse((error) =>
    error.code === 'NotFound' ? errAsync(finalSnapshotNotConfirmed(service, arn, name)) : errAsync(error),
  );
}
