import {
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  DescribeMountTargetsCommand,
  type FileSystemDescription,
  type MountTargetDescription,
} from '@aws-sdk/client-efs';
import type { Action, ActionHandler, DecomError, HandlerOutcome, Resource, ResultAsync } from '@decomkit/core';
import { errAsync, okAsync, ResultAsync as Results } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, done, limited, nameFrom, placeOf, tagRecord, targetId } from './resource-type.js';

const TYPE = 'AWS::EFS::FileSystem';
/** File systems described at once during discovery. */
const CONCURRENCY = 8;
/** EFS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('efs', 'default');

/** The id of an EFS file system ARN (`…:file-system/fs-…`), or null. */
export function fileSystemIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'elasticfilesystem', 'file-system/', '/');
  return id !== null && /^fs-[0-9a-f]+$/.test(id) ? id : null;
}

function fileSystemArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:elasticfilesystem:${place.region}:${place.accountId}:file-system/${id}`;
}

const orNull = <T>(read: ResultAsync<T | null, DecomError>) =>
  read.orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));

/** DescribeFileSystems of one id: the file system, or null when it does not exist (or reads `deleted`). */
function describeFileSystem(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<FileSystemDescription | null, DecomError> {
  return orNull(
    awsCall({ operation: 'efs:DescribeFileSystems', resource: id }, () =>
      clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id })),
    ).map((output) => {
      const found = output.FileSystems?.[0];
      return found === undefined || found.LifeCycleState === 'deleted' ? null : found;
    }),
  );
}

/** The mount targets of a file system (DescribeMountTargets, every page). */
function mountTargetsOf(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<MountTargetDescription[], DecomError> {
  return orNull(
    awsCall({ operation: 'efs:DescribeMountTargets', resource: id }, async () => {
      const found: MountTargetDescription[] = [];
      let marker: string | undefined;
      do {
        const page = await clients
          .get('efs', region)
          .send(
            new DescribeMountTargetsCommand({ FileSystemId: id, ...(marker === undefined ? {} : { Marker: marker }) }),
          );
        found.push(...(page.MountTargets ?? []));
        marker = page.NextMarker;
      } while (marker !== undefined && marker !== '');
      return found;
    }),
  ).map((found) => (found ?? []).filter((target) => target.LifeCycleState !== 'deleted'));
}

function toResource(place: Place, system: FileSystemDescription): Resource {
  const id = system.FileSystemId ?? '';
  const tags = tagRecord(system.Tags);
  return {
    arn: system.FileSystemArn ?? fileSystemArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom(tags, system.Name ?? id),
    tags,
    state: system.LifeCycleState ?? 'unknown',
    protection: { deletion: false, stop: false },
    dependsOn: [],
    // Its creation time tells it from a file system re-created later (its recovery points record it).
    ...(system.CreationTime === undefined ? {} : { resourceIdentity: system.CreationTime.toISOString() }),
  };
}

/**
 * The delete of a file system, one idempotent step run by execute and by
 * every poll: gone is done; live mount targets get DeleteMountTarget (one
 * already gone is no error) and the step waits; mount targets being deleted
 * are waited on; with none left, DeleteFileSystem, then waited on until
 * gone. Reconcile: gone is done, a file system `deleting` is waited on,
 * anything else is absent (the engine runs the step again).
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const type = { type: TYPE, idOf: fileSystemIdOf };
  const result = (id: string) => done({ fileSystemId: id, state: 'deleted' });
  const pending = (id: string, phase: string): HandlerOutcome => ({
    status: 'pending',
    checkpoint: { fileSystemId: id, phase },
    pollAfterMilliseconds: clients.pollMilliseconds,
  });
  const step = (action: Action, id: string, signal?: AbortSignal): ResultAsync<HandlerOutcome, DecomError> => {
    const region = placeOf(action).region;
    const resource = action.target.arn ?? id;
    const efs = clients.get('efs', region);
    const call = <T>(operation: string, send: (options: CallOptions) => Promise<T>) =>
      orNull(awsCall({ operation, resource, ...(signal === undefined ? {} : { signal }) }, send));
    return describeFileSystem(clients, region, id).andThen((system): ResultAsync<HandlerOutcome, DecomError> => {
      if (system === null) return okAsync(result(id));
      if (system.LifeCycleState === 'deleting') return okAsync(pending(id, 'file-system'));
      return mountTargetsOf(clients, region, id).andThen((targets) => {
        const live = targets.filter((target) => target.LifeCycleState !== 'deleting');
        if (live.length > 0) {
          return Results.combine(
            live.map((target) =>
              call('efs:DeleteMountTarget', (options) =>
                efs.send(new DeleteMountTargetCommand({ MountTargetId: target.MountTargetId }), options),
              ),
            ),
          ).map(() => pending(id, 'mount-targets'));
        }
        if (targets.length > 0) return okAsync(pending(id, 'mount-targets'));
        return call('efs:DeleteFileSystem', (options) =>
          efs.send(new DeleteFileSystemCommand({ FileSystemId: id }), options),
        ).andThen(() =>
          describeFileSystem(clients, region, id).map((now) =>
            now === null ? result(id) : pending(id, 'file-system'),
          ),
        );
      });
    });
  };
  return {
    rateLimits: claims,
    execute: (action, context) => targetId(type, action).andThen((id) => step(action, id, context.signal)),
    poll: (action) => targetId(type, action).andThen((id) => step(action, id)),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        describeFileSystem(clients, placeOf(action).region, id).map((system): HandlerOutcome | { status: 'absent' } => {
          if (system === null) return result(id);
          return system.LifeCycleState === 'deleting' ? pending(id, 'file-system') : { status: 'absent' };
        }),
      ),
  };
}

/**
 * EFS file systems. They hold data (`holdsData`): the engine deletes one only
 * after a COMPLETED AWS Backup recovery point of this very file system
 * (AWS Backup backs EFS up; the gate re-reads it just before the delete),
 * or under the workload's backup waiver. The delete removes the mount
 * targets first and waits until they are gone (EFS refuses to delete a file
 * system in use), then DeleteFileSystem, waited on until gone. No protection,
 * no scream test (EFS has no stop).
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [EFS_FILE_SYSTEM]);
 * ```
 */
export const EFS_FILE_SYSTEM = defineAwsResourceType({
  iam: {
    read: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
    delete: [onTarget('elasticfilesystem:DeleteMountTarget', 'elasticfilesystem:DeleteFileSystem')],
  },
  type: TYPE,
  arnShape: { service: 'elasticfilesystem', prefix: 'file-system/' },
  config: { pattern: /^file-system\/(fs-[0-9a-f]+)$/, lookup: 'id' },
  holdsData: true,
  idOf: fileSystemIdOf,
  arnOf: fileSystemArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) => describeFileSystem(clients, place.region, id)).map((found) =>
      found.flatMap((system) => (system === null ? [] : [toResource(place, system)])),
    ),
  delete: deleteHandler,
});
