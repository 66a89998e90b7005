import type { FakeEcrKinesisStates } from '../source/ecr-kinesis-states.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { blockableKind } from './blockable-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * ECR repositories, as the AWS provider treats them: one that holds images
 * carries a blocker naming the count and its delete is refused (decomkit
 * deletes only an empty repository, never with force).
 */
export function repositoryKind(services: FakeEcrKinesisStates, tagging: FakeTagging): ResourceKind {
  return blockableKind(services, tagging, {
    type: AWS_TYPES.repository,
    list: 'repositories',
    arnPattern:
      /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    service: 'ecr',
    operation: 'ecr:DeleteRepository',
    idKey: 'repositoryName',
    nameOf: (repository) => repository.repositoryName,
    blocker: (repository) =>
      repository.images === 0
        ? null
        : {
            code: 'repository-holds-images',
            message: `${repository.arn} holds ${repository.images} images: decomkit deletes only an empty repository (never with force); not touched`,
          },
  });
}
