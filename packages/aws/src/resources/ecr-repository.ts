import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ListTagsForResourceCommand,
  paginateDescribeRepositories,
  paginateListImages,
  type Repository,
} from '@aws-sdk/client-ecr';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { claimsOn, limited, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::ECR::Repository';
/** Repositories described at once during discovery. */
const CONCURRENCY = 8;
/** ECR control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('ecr', 'default');
/** An ECR repository name: lower-case path segments (`team/app`), 2 to 256 characters. */
const REPOSITORY_NAME = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** The repository name of an ECR repository ARN (`…:repository/<name>`, the name may hold `/`), or null. */
export function repositoryNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'ecr' || parsed.region === '' || !parsed.resource.startsWith('repository/')) return null;
  const name = parsed.resource.slice('repository/'.length);
  return REPOSITORY_NAME.test(name) ? name : null;
}

function repositoryArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:ecr:${place.region}:${place.accountId}:repository/${name}`;
}

/** DescribeRepositories of one name: the repository, or null when it does not exist. */
function describeRepository(
  clients: AwsClients,
  place: Place,
  name: string,
): ResultAsync<Repository | null, DecomError> {
  return awsCall({ operation: 'ecr:DescribeRepositories', resource: repositoryArn(place, name) }, () =>
    clients.get('ecr', place.region).send(new DescribeRepositoriesCommand({ repositoryNames: [name] })),
  )
    .map((output) => output.repositories?.[0] ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** How many images the repository holds (ListImages, every page; an image of several tags counts once). */
function imageCount(clients: AwsClients, region: string, name: string): ResultAsync<number, DecomError> {
  return awsCall({ operation: 'ecr:ListImages', resource: name }, async () => {
    const digests = new Set<string>();
    let untagged = 0;
    const pages = paginateListImages(
      { client: clients.get('ecr', region) },
      { repositoryName: name, maxResults: 1000 },
    );
    for await (const page of pages) {
      for (const image of page.imageIds ?? []) {
        if (image.imageDigest === undefined) untagged += 1;
        else digests.add(image.imageDigest);
      }
    }
    return digests.size + untagged;
  });
}

const holdsImages = (arn: string, count: number) =>
  `${arn} holds ${count} images: decomkit deletes only an empty repository (never with force); not touched`;

/** The repository's tags (ListTagsForResource). */
function repositoryTags(clients: AwsClients, region: string, arn: string) {
  return awsCall({ operation: 'ecr:ListTagsForResource', resource: arn }, () =>
    clients.get('ecr', region).send(new ListTagsForResourceCommand({ resourceArn: arn })),
  ).map((output) => tagRecord(output.tags));
}

function toResource(clients: AwsClients, place: Place, repository: Repository): ResultAsync<Resource, DecomError> {
  const name = repository.repositoryName ?? '';
  const arn = repository.repositoryArn ?? repositoryArn(place, name);
  return repositoryTags(clients, place.region, arn).andThen((tags) =>
    imageCount(clients, place.region, name).map(
      (images): Resource => ({
        arn,
        type: TYPE,
        accountId: place.accountId,
        region: place.region,
        name,
        tags,
        state: 'available',
        protection: { deletion: false, stop: false },
        dependsOn: [],
        ...(images === 0
          ? {}
          : { retireBlockers: [{ code: 'repository-holds-images', message: holdsImages(arn, images) }] }),
      }),
    ),
  );
}

/**
 * ECR repositories. No protection, no scream test. Not data-holding for the
 * backup gate: decomkit deletes only an empty repository, so no image is
 * ever lost. A repository that holds images carries a blocker (a blocking
 * finding naming the count) and its delete is refused (Conflict, nothing
 * sent); DeleteRepository goes without `force`, so one pushed meanwhile is
 * refused by ECR too (RepositoryNotEmptyException, as Conflict). Discovery
 * also lists the region's repositories and their tags (`discoverByTags`):
 * the emulator's tagging API does not list repositories.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // ECR_REPOSITORY among them
 * ```
 */
export const ECR_REPOSITORY = defineAwsResourceType({
  iam: {
    read: ['ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:ListTagsForResource'],
    delete: [onTarget('ecr:DeleteRepository')],
  },
  type: TYPE,
  arnShape: { service: 'ecr', prefix: 'repository/' },
  config: { pattern: /^repository\/(.+)$/, lookup: 'name' },
  idOf: repositoryNameOf,
  arnOf: repositoryArn,
  arnOfPhysicalId: (place, physicalId) =>
    physicalId.startsWith('arn:') ? physicalId : repositoryArn(place, physicalId),
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) =>
      describeRepository(clients, place, name).andThen((repository) =>
        repository === null ? okAsync(null) : toResource(clients, place, repository),
      ),
    ).map((found) => found.filter((resource): resource is Resource => resource !== null)),
  // Repositories whose tags match, then described: DescribeRepositories and one ListTagsForResource each.
  discoverByTags: (clients, place, tags) =>
    awsCall({ operation: 'ecr:DescribeRepositories' }, async () => {
      const repositories: Repository[] = [];
      for await (const page of paginateDescribeRepositories({ client: clients.get('ecr', place.region) }, {})) {
        repositories.push(...(page.repositories ?? []));
      }
      return repositories;
    })
      .andThen((repositories) =>
        limited(repositories, CONCURRENCY, (repository) =>
          repositoryTags(clients, place.region, repository.repositoryArn ?? '').map((found) =>
            carriesEveryTag(found, tags) ? [repository] : [],
          ),
        ),
      )
      .andThen((matching) =>
        limited(matching.flat(), CONCURRENCY, (repository) => toResource(clients, place, repository)),
      ),
  delete: (clients) =>
    deleteUntilGone(clients, {
      type: TYPE,
      idOf: repositoryNameOf,
      claims,
      operation: 'ecr:DeleteRepository',
      idKey: 'repositoryName',
      read: (clients, action, name) => describeRepository(clients, placeOf(action), name),
      deleting: () => false,
      refusal: (clients, action, name) => {
        const arn = action.target.arn ?? name;
        return imageCount(clients, placeOf(action).region, name).map((images) =>
          images === 0
            ? null
            : decomError.conflict({ message: `ecr:DeleteRepository on ${holdsImages(arn, images)}`, resource: arn }),
        );
      },
      refusedBy: ['RepositoryNotEmptyException'],
      send: (clients, action, name, options) =>
        clients
          .get('ecr', placeOf(action).region)
          .send(new DeleteRepositoryCommand({ repositoryName: name, force: false }), options),
    }),
});
