import {
  DeleteDomainCommand,
  DescribeDomainCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  ListTagsCommand,
} from '@aws-sdk/client-opensearch';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { claimsOn, limited, nameFrom, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::OpenSearch::Domain';
/** Domains described at once during discovery. */
const CONCURRENCY = 8;
/** OpenSearch control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('es', 'default');

/** The name of an OpenSearch Service domain ARN (`arn:…:es:…:domain/<name>`), or null. */
export function domainNameOf(arn: string): string | null {
  const name = resourceIdOf(arn, 'es', 'domain/', '/');
  return name !== null && /^[a-z][a-z0-9-]{2,27}$/.test(name) ? name : null;
}

function domainArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:es:${place.region}:${place.accountId}:domain/${name}`;
}

const orNull = <T>(read: ResultAsync<T | null, DecomError>) =>
  read.orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));

/** DescribeDomain: the domain, or null when it does not exist. */
function describeDomain(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<DomainStatus | null, DecomError> {
  return orNull(
    awsCall({ operation: 'es:DescribeDomain', resource: name }, () =>
      clients.get('opensearch', region).send(new DescribeDomainCommand({ DomainName: name })),
    ).map((output) => output.DomainStatus ?? null),
  );
}

/** The tags of a domain, or null when it is gone between the describe and this call. */
function domainTags(clients: AwsClients, region: string, arn: string) {
  return orNull(
    awsCall({ operation: 'es:ListTags', resource: arn }, () =>
      clients.get('opensearch', region).send(new ListTagsCommand({ ARN: arn })),
    ).map((output) => output.TagList ?? []),
  ).map((tags) => (tags === null ? null : tagRecord(tags)));
}

function describeWithTags(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return describeDomain(clients, place.region, name).andThen((domain) => {
    if (domain === null) return okAsync(null);
    const arn = domain.ARN ?? domainArn(place, name);
    return domainTags(clients, place.region, arn).map(
      (tags): Resource => ({
        arn,
        type: TYPE,
        accountId: place.accountId,
        region: place.region,
        ...nameFrom({}, name),
        tags,
        state: domain.Deleted === true ? 'deleting' : domain.Processing === true ? 'processing' : 'active',
        protection: { deletion: false, stop: false },
        dependsOn: [],
        ...(domain.DomainId === undefined ? {} : { resourceIdentity: domain.DomainId }),
      }),
    );
  });
}

/**
 * OpenSearch Service domains. They hold data, and no backup method of the
 * provider covers them (AWS Backup keeps no domain; the control plane has no
 * final snapshot: snapshots go through the domain's own `_snapshot` API to a
 * registered repository). So a domain is retired only under the workload's
 * explicit backup waiver for the type (`policies['AWS::OpenSearch::Domain'].backup
 * = 'none'`, recorded after that manual snapshot): without it the plan reports
 * a blocking finding (`no-backup-method`) and never touches the domain (fail
 * closed). No protection, no scream test. Delete is DeleteDomain, waited on
 * until DescribeDomain no longer knows it (`Deleted: true` is being deleted).
 * Discovery also lists the region's domains and their tags (`discoverByTags`):
 * the emulator's tagging API lists no domain.
 *
 * @example
 * ```ts
 * const workload = { policies: { 'AWS::OpenSearch::Domain': { backup: 'none' } } }; // after a manual snapshot
 * ```
 */
export const OPENSEARCH_DOMAIN = defineAwsResourceType({
  iam: {
    read: ['es:DescribeDomain', 'es:ListDomainNames', 'es:ListTags'],
    delete: [onTarget('es:DeleteDomain')],
  },
  type: TYPE,
  cloudFormationType: 'AWS::OpenSearchService::Domain',
  arnShape: { service: 'es', prefix: 'domain/' },
  config: { pattern: /^domain\/([a-z][a-z0-9-]*)$/, lookup: 'name' },
  holdsData: true,
  noBackupMethod: "a manual snapshot through the domain's _snapshot API to a registered repository",
  idOf: domainNameOf,
  arnOf: domainArn,
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : domainArn(place, physicalId)),
  describeMany: (clients, place, names) =>
    limited(names, CONCURRENCY, (name) => describeWithTags(clients, place, name)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  discoverByTags: (clients, place, tags) =>
    awsCall({ operation: 'es:ListDomainNames' }, () =>
      clients.get('opensearch', place.region).send(new ListDomainNamesCommand({})),
    )
      .andThen((output) =>
        limited(
          (output.DomainNames ?? []).flatMap((domain) => (domain.DomainName === undefined ? [] : [domain.DomainName])),
          CONCURRENCY,
          (name) => describeWithTags(clients, place, name),
        ),
      )
      .map((found) =>
        found.filter(
          (resource): resource is Resource =>
            resource !== null && resource.tags !== null && carriesEveryTag(resource.tags, tags),
        ),
      ),
  delete: (clients) =>
    deleteUntilGone<DomainStatus>(clients, {
      type: TYPE,
      idOf: domainNameOf,
      claims,
      operation: 'es:DeleteDomain',
      idKey: 'domainName',
      read: (clients, action, name) => describeDomain(clients, placeOf(action).region, name),
      deleting: (domain) => domain.Deleted === true,
      send: (clients, action, name, options) =>
        clients.get('opensearch', placeOf(action).region).send(new DeleteDomainCommand({ DomainName: name }), options),
    }),
});
