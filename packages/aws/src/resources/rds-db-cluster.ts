import {
  type DBCluster,
  type DBInstance,
  DeleteDBClusterCommand,
  DescribeDBClusterSnapshotsCommand,
  ModifyDBClusterCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type Resource,
  type ResultAsync,
} from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { finalSnapshotIdentifier } from './rds-db-instance.js';
import {
  type AwsResourceType,
  claimsOn,
  describeInChunks,
  done,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
  targetId,
} from './resource-type.js';

const TYPE = 'AWS::RDS::DBCluster';
/** Identifiers per `db-cluster-id` filter (RDS takes up to 100 filter values). */
const FILTER_CHUNK = 100;
const claims = claimsOn('rds', 'default');

/** The DB cluster identifier of an RDS DB cluster ARN (`…:cluster:<id>`), or null. */
export function dbClusterIdOf(arn: string): string | null {
  return resourceIdOf(arn, 'rds', 'cluster:', ':');
}

function clusterArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:rds:${place.region}:${place.accountId}:cluster:${id}`;
}

function memberArn(cluster: string, member: string): string {
  return cluster.replace(/:cluster:[^:]+$/, `:db:${member}`);
}

/** The DB clusters among `ids` (DescribeDBClusters with a `db-cluster-id` filter: missing ids are no error). */
function describeClusters(clients: AwsClients, region: string, ids: readonly string[]) {
  const rds = clients.get('rds', region);
  return describeInChunks(
    'rds:DescribeDBClusters',
    ids,
    FILTER_CHUNK,
    (chunk) => paginateDescribeDBClusters({ client: rds }, { Filters: [{ Name: 'db-cluster-id', Values: chunk }] }),
    (page) => page.DBClusters,
  );
}

function describeOne(clients: AwsClients, action: Action, id: string): ResultAsync<DBCluster | null, DecomError> {
  return describeClusters(clients, placeOf(action).region, [id]).map((found) => found[0] ?? null);
}

/** The member DB instances of a cluster (DescribeDBInstances with a `db-cluster-id` filter). */
function describeMembers(clients: AwsClients, region: string, id: string, resource: string) {
  return awsCall({ operation: 'rds:DescribeDBInstances', resource }, async () => {
    const found: DBInstance[] = [];
    for await (const page of paginateDescribeDBInstances(
      { client: clients.get('rds', region) },
      { Filters: [{ Name: 'db-cluster-id', Values: [id] }] },
    )) {
      found.push(...(page.DBInstances ?? []));
    }
    return found;
  });
}

function toResource(place: Place, cluster: DBCluster): Resource {
  const id = cluster.DBClusterIdentifier ?? '';
  const arn = cluster.DBClusterArn ?? clusterArn(place, id);
  return {
    arn,
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, id),
    tags: tagRecord(cluster.TagList),
    state: cluster.Status ?? 'unknown',
    protection: { deletion: cluster.DeletionProtection === true, stop: false },
    // As in the fake: a cluster is deleted after its member instances.
    dependsOn: (cluster.DBClusterMembers ?? [])
      .map((member) => member.DBInstanceIdentifier)
      .filter((member): member is string => member !== undefined && member !== '')
      .map((member) => memberArn(arn, member)),
    // Its creation time tells it from a cluster later created under the same name (its snapshots record it).
    ...(cluster.ClusterCreateTime === undefined ? {} : { resourceIdentity: cluster.ClusterCreateTime.toISOString() }),
  };
}

/**
 * Delete, safety rule 5: DeleteDBCluster with a FinalDBSnapshotIdentifier
 * derived from the action key (the same `decomkit-final-<hash>` as a DB
 * instance), SkipFinalSnapshot=false, DeleteAutomatedBackups=false (set
 * explicitly, as in the fake). Refused (Conflict, nothing sent) while
 * DeletionProtection is on or while a member instance is not being deleted
 * (the members go first: the cluster depends on them). Polled until
 * DescribeDBClusters no longer knows the cluster.
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const type = { type: TYPE, idOf: dbClusterIdOf };
  const finished = (action: Action, id: string, snapshot: string): ResultAsync<HandlerOutcome, DecomError> =>
    awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: action.target.arn ?? id }, () =>
      clients
        .get('rds', placeOf(action).region)
        .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: snapshot })),
    )
      .map((output) => output.DBClusterSnapshots?.[0] ?? null)
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
      .map((found) =>
        done({
          identifier: id,
          state: 'deleted',
          deleteAutomatedBackups: false,
          finalSnapshotIdentifier: snapshot,
          finalSnapshotArn: found?.DBClusterSnapshotArn ?? null,
          finalSnapshotStatus: found?.Status ?? null,
        }),
      );
  const progress = (action: Action, id: string, snapshot: string): ResultAsync<HandlerOutcome, DecomError> =>
    describeOne(clients, action, id).andThen((cluster) =>
      cluster === null
        ? finished(action, id, snapshot)
        : okAsync<HandlerOutcome, DecomError>({
            status: 'pending',
            checkpoint: { identifier: id, finalSnapshotIdentifier: snapshot },
            pollAfterMilliseconds: clients.pollMilliseconds,
          }),
    );
  const refuse = (resource: string, why: string) =>
    errAsync(decomError.conflict({ message: `rds:DeleteDBCluster on ${resource}: ${why}`, resource }));
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((id) => {
        const resource = action.target.arn ?? id;
        const region = placeOf(action).region;
        const snapshot = finalSnapshotIdentifier(action.key);
        return describeOne(clients, action, id).andThen((cluster) => {
          if (cluster === null) {
            return errAsync(
              decomError.notFound({ message: `rds:DeleteDBCluster: ${resource} does not exist`, resource }),
            );
          }
          if (cluster.Status === 'deleting') return progress(action, id, snapshot);
          // RDS answers InvalidParameterCombination here; name it for what it is, before calling.
          if (cluster.DeletionProtection === true) return refuse(resource, 'deletion protection is on (lift it first)');
          return describeMembers(clients, region, id, resource).andThen((members) => {
            const live = members.filter((member) => member.DBInstanceStatus !== 'deleting');
            if (live.length > 0) {
              const names = live.map((member) => member.DBInstanceIdentifier ?? '').join(', ');
              return refuse(resource, `member DB instances ${names} are not deleted yet (delete them first)`);
            }
            return (
              awsCall({ operation: 'rds:DeleteDBCluster', resource, signal: context.signal }, (options) =>
                clients.get('rds', region).send(
                  new DeleteDBClusterCommand({
                    DBClusterIdentifier: id,
                    SkipFinalSnapshot: false,
                    FinalDBSnapshotIdentifier: snapshot,
                    DeleteAutomatedBackups: false,
                  }),
                  options,
                ),
              )
                // An SDK retry of a delete RDS already accepted answers DBClusterNotFoundFault: progress reads
                // what the delete left (the final snapshot).
                .orElse((error) => (error.code === 'NotFound' ? okAsync(undefined) : errAsync(error)))
                .andThen(() => progress(action, id, snapshot))
            );
          });
        });
      }),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((id) =>
        progress(
          action,
          id,
          typeof checkpoint.finalSnapshotIdentifier === 'string'
            ? checkpoint.finalSnapshotIdentifier
            : finalSnapshotIdentifier(action.key),
        ),
      ),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        describeOne(clients, action, id).andThen(
          (cluster): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            const snapshot = finalSnapshotIdentifier(action.key);
            if (cluster === null) return finished(action, id, snapshot);
            return cluster.Status === 'deleting' ? progress(action, id, snapshot) : okAsync({ status: 'absent' });
          },
        ),
      ),
  };
}

/**
 * RDS (Aurora) DB clusters: protection is DeletionProtection (ModifyDBCluster
 * to lift, applied immediately); stop is StopDBCluster (its members stop with
 * it); delete keeps a final cluster snapshot and waits for the member
 * instances to be deleted first (a cluster depends on its members).
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [RDS_DB_INSTANCE, RDS_DB_CLUSTER]);
 * ```
 */
export const RDS_DB_CLUSTER: AwsResourceType = {
  type: TYPE,
  idOf: dbClusterIdOf,
  arnOfPhysicalId: clusterArn,
  describeMany: (clients, place, ids) =>
    describeClusters(clients, place.region, ids).map((found) => found.map((cluster) => toResource(place, cluster))),
  handlers: (clients) => {
    const type = { type: TYPE, idOf: dbClusterIdOf };
    const rds = (action: Action) => clients.get('rds', placeOf(action).region);
    return {
      'resource.stop': simpleHandler({
        type,
        claims,
        run: (id, action, signal) =>
          describeOne(clients, action, id).andThen((cluster): ResultAsync<JsonObject, DecomError> => {
            const resource = action.target.arn ?? id;
            if (cluster === null) {
              return errAsync(
                decomError.notFound({ message: `rds:StopDBCluster: ${resource} does not exist`, resource }),
              );
            }
            if (cluster.Status === 'stopped') return okAsync({ identifier: id, state: 'stopped' });
            return awsCall({ operation: 'rds:StopDBCluster', resource, signal }, (options) =>
              rds(action).send(new StopDBClusterCommand({ DBClusterIdentifier: id }), options),
            ).map((output) => ({ identifier: id, state: output.DBCluster?.Status ?? 'stopping' }));
          }),
        readBack: (id, action) =>
          describeOne(clients, action, id).map((cluster) =>
            cluster?.Status === 'stopped' || cluster?.Status === 'stopping'
              ? { identifier: id, state: cluster.Status }
              : null,
          ),
      }),
      'protection.lift': simpleHandler({
        type,
        claims,
        run: (id, action, signal) =>
          awsCall({ operation: 'rds:ModifyDBCluster', resource: action.target.arn ?? id, signal }, (options) =>
            rds(action).send(
              new ModifyDBClusterCommand({
                DBClusterIdentifier: id,
                DeletionProtection: false,
                ApplyImmediately: true,
              }),
              options,
            ),
          ).map(() => ({ identifier: id, deletionProtection: false })),
        readBack: (id, action) =>
          describeOne(clients, action, id).map((cluster) =>
            cluster !== null && cluster.DeletionProtection !== true
              ? { identifier: id, deletionProtection: false }
              : null,
          ),
      }),
      'resource.delete': deleteHandler(clients),
    };
  },
};
