import type { FakeDataStores } from '../source/data-stores.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { dataStoreKind } from './data-store-kind.js';
import type { ResourceKind } from './resource-kind.js';

/** EFS file systems: hold data (AWS Backup); named by their `Name` tag, as EFS does; the delete removes the mount targets first. */
export function fileSystemKind(stores: FakeDataStores, tagging: FakeTagging): ResourceKind {
  return dataStoreKind(stores, tagging, {
    type: AWS_TYPES.fileSystem,
    list: 'fileSystems',
    arnPattern: /^arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:file-system\/fs-[0-9a-f]+$/,
    service: 'efs',
    idKey: 'fileSystemId',
    idOf: (system) => system.fileSystemId,
    fields: (system) => ({
      name: system.tags.Name ?? system.fileSystemId,
      state: 'available',
      resourceIdentity: system.createdAt,
    }),
    holdsData: true,
    remove: (arn) =>
      stores
        .deleteMountTargets(arn)
        .andThen(() => stores.deleteFileSystem(arn))
        .map(() => ({})),
  });
}
