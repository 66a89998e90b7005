import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, parseArn } from '../arns.js';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { managedLiftHandler, managedRefusal } from './managed-by.js';
import { type AwsResourceType, claimsOn, limited, placeOf } from './resource-type.js';

/** API Gateway control calls (REST and HTTP APIs alike) claim the engine's `default` bucket of `apigateway`. */
const claims = claimsOn('apigateway', 'default');
/** Reads in flight at once during discovery. */
const CONCURRENCY = 4;
const API_ID = /^[a-z0-9]{1,32}$/;

/** An API as one variant reads it. */
export interface GatewayApi {
  readonly id: string;
  readonly name?: string | undefined;
  readonly tags?: Record<string, string> | undefined;
  /** The service that manages it (an HTTP API API Gateway quick-created for another service); deleted with that. */
  readonly managedBy?: string | undefined;
}

/** One custom domain mapping: `domain/path` routes to the API `apiId`. */
export interface DomainMapping {
  readonly domain: string;
  readonly path: string;
  readonly apiId: string;
}

/** What tells the REST and the HTTP variant apart: the type, the ARN path, and the calls. */
export interface GatewayApiVariant {
  readonly type: string;
  /** The ARN's resource part before the id: `/restapis/` or `/apis/`. */
  readonly path: string;
  /** `service:Operation` of the delete. */
  readonly deleteOperation: string;
  /** The API, or null when it does not exist. */
  readonly read: (clients: AwsClients, region: string, id: string) => ResultAsync<GatewayApi | null, DecomError>;
  /** Every API of the region (for discovery by tags, which the emulator's tagging API lacks). */
  readonly list: (clients: AwsClients, region: string) => ResultAsync<GatewayApi[], DecomError>;
  /** Every custom domain mapping of the region that can route to this variant's APIs. */
  readonly mappings: (clients: AwsClients, region: string) => ResultAsync<DomainMapping[], DecomError>;
  readonly send: (clients: AwsClients, region: string, id: string, options: CallOptions) => Promise<unknown>;
}

/** Every page of a list call (`position` / `NextToken`), as one awaited list. */
export async function everyApiPage<Item>(
  page: (token: string | undefined) => Promise<{ items?: Item[] | undefined; next?: string | undefined }>,
): Promise<Item[]> {
  const found: Item[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    found.push(...(answer.items ?? []));
    token = answer.next;
  } while (token !== undefined && token !== '');
  return found;
}

/**
 * The mappings of every custom domain of the region: `domains` lists their
 * names, `mappingsOf` one domain's mappings (DomainNames, then one list call
 * per domain).
 */
export function domainMappings(
  operation: string,
  domains: () => Promise<string[]>,
  mappingsOf: (domain: string) => Promise<DomainMapping[]>,
): ResultAsync<DomainMapping[], DecomError> {
  return awsCall({ operation }, async () => {
    const found: DomainMapping[] = [];
    for (const domain of await domains()) found.push(...(await mappingsOf(domain)));
    return found;
  });
}

/**
 * One API Gateway API type (REST or HTTP/WebSocket) from its variant: ARN
 * `arn:aws:apigateway:<region>::<path><id>` (no account), discovery by the
 * tagging API and by listing the region's APIs, a managed API reported
 * protected and never deleted, custom domain mappings to it as blocking
 * findings, and a delete refused while one remains.
 */
export function apiGatewayApiType(variant: GatewayApiVariant): AwsResourceType {
  const idOf = (arn: string): string | null => {
    const parsed = parseArn(arn);
    if (parsed?.service !== 'apigateway' || parsed.region === '' || !parsed.resource.startsWith(variant.path))
      return null;
    const id = parsed.resource.slice(variant.path.length);
    return API_ID.test(id) ? id : null;
  };
  const arnOf = (place: Place, id: string) =>
    `arn:${place.partition ?? 'aws'}:apigateway:${place.region}::${variant.path}${id}`;
  const toResource = (place: Place, api: GatewayApi, mappings: readonly DomainMapping[]): Resource => {
    const arn = arnOf(place, api.id);
    const routed = mappings.filter((mapping) => mapping.apiId === api.id);
    return {
      arn,
      type: variant.type,
      accountId: place.accountId,
      region: place.region,
      ...(api.name === undefined ? {} : { name: api.name }),
      tags: { ...(api.tags ?? {}) },
      state: 'available',
      protection: { deletion: api.managedBy !== undefined, stop: false },
      dependsOn: [],
      ...(routed.length === 0
        ? {}
        : {
            retireBlockers: [
              {
                code: 'api-mapped-by-custom-domain',
                message: `${arn} is routed to by ${routed.length} custom domain mappings (${routed.map((mapping) => `${mapping.domain}/${mapping.path}`).join(', ')}), which decomkit does not remove: not touched`,
              },
            ],
          }),
    };
  };
  const describe = (clients: AwsClients, place: Place, apis: readonly (GatewayApi | null)[]) => {
    const found = apis.filter((api): api is GatewayApi => api !== null);
    if (found.length === 0) return okAsync([]);
    return variant
      .mappings(clients, place.region)
      .map((mappings) => found.map((api) => toResource(place, api, mappings)));
  };
  return defineAwsResourceType({
    iam: {
      read: ['apigateway:GET'],
      delete: [onTarget('apigateway:DELETE')],
    },
    type: variant.type,
    arnShape: { service: 'apigateway', prefix: variant.path },
    config: { pattern: new RegExp(`^${variant.path.replaceAll('/', '\\/')}([a-z0-9]{1,32})$`), lookup: 'id' },
    idOf,
    arnOf,
    describeMany: (clients, place, ids) =>
      limited(ids, CONCURRENCY, (id) => variant.read(clients, place.region, id)).andThen((apis) =>
        describe(clients, place, apis),
      ),
    discoverByTags: (clients, place, tags) =>
      variant.list(clients, place.region).andThen((apis) =>
        describe(
          clients,
          place,
          apis.filter((api) => carriesEveryTag(api.tags ?? {}, tags)),
        ),
      ),
    handlers: (clients) => ({
      'protection.lift': managedLiftHandler(variant.type, idOf, claims, (id, action) =>
        variant
          .read(clients, placeOf(action).region, id)
          .map((api) => (api === null ? undefined : (api.managedBy ?? null))),
      ),
    }),
    delete: (clients) =>
      deleteUntilGone(clients, {
        type: variant.type,
        idOf,
        claims,
        operation: variant.deleteOperation,
        idKey: 'apiId',
        read: (clients, action, id) => variant.read(clients, placeOf(action).region, id),
        deleting: () => false,
        refusal: (clients, action, id, api) => {
          const resource = action.target.arn ?? id;
          if (api.managedBy !== undefined)
            return okAsync(managedRefusal(variant.deleteOperation, resource, api.managedBy));
          return variant.mappings(clients, placeOf(action).region).map((mappings) => {
            const routed = mappings.filter((mapping) => mapping.apiId === id);
            return routed.length === 0
              ? null
              : decomError.conflict({
                  message: `${variant.deleteOperation} on ${resource}: custom domain mappings still route to it (${routed.map((mapping) => `${mapping.domain}/${mapping.path}`).join(', ')}): not deleted`,
                  resource,
                });
          });
        },
        send: (clients, action, id, options) => variant.send(clients, placeOf(action).region, id, options),
      }),
  });
}

/** A read that answers null for a missing API. */
export function orMissing<Item>(read: ResultAsync<Item, DecomError>): ResultAsync<Item | null, DecomError> {
  return read.orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}
