import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  type GetFunctionCommandOutput,
  GetFunctionConcurrencyCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import type { DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { withEventSourceMappings } from './lambda-event-source-mapping.js';
import { claimsOn, limited, nameFrom, placeOf, simpleHandler } from './resource-type.js';

const TYPE = 'AWS::Lambda::Function';
/** GetFunction calls in flight at once during discovery. */
const CONCURRENCY = 8;
/** Lambda control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('lambda', 'default');

/** The function name of an unqualified Lambda function ARN (`…:function:<name>`), or null (a version or alias ARN too). */
export function functionNameOf(arn: string): string | null {
  return resourceIdOf(arn, 'lambda', 'function:', ':');
}

function functionArn(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:lambda:${place.region}:${place.accountId}:function:${name}`;
}

/** GetFunction: configuration, tags and reserved concurrency; null when the function does not exist. */
function getFunction(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<GetFunctionCommandOutput | null, DecomError> {
  return awsCall({ operation: 'lambda:GetFunction', resource: name }, () =>
    clients.get('lambda', region).send(new GetFunctionCommand({ FunctionName: name })),
  ).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * The function's reserved concurrency (GetFunctionConcurrency): null when none
 * is set; undefined when the function does not exist.
 */
function reservedConcurrency(
  clients: AwsClients,
  region: string,
  name: string,
): ResultAsync<number | null | undefined, DecomError> {
  return awsCall({ operation: 'lambda:GetFunctionConcurrency', resource: name }, () =>
    clients.get('lambda', region).send(new GetFunctionConcurrencyCommand({ FunctionName: name })),
  )
    .map((output): number | null | undefined => output.ReservedConcurrentExecutions ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(undefined) : errAsync(error)));
}

/** Reserved concurrency 0 is how a function is stopped (every invocation is throttled). */
function isStopped(found: GetFunctionCommandOutput): boolean {
  return found.Concurrency?.ReservedConcurrentExecutions === 0;
}

function toResource(place: Place, name: string, found: GetFunctionCommandOutput): Resource {
  const tags = { ...(found.Tags ?? {}) };
  return {
    arn: found.Configuration?.FunctionArn ?? functionArn(place, name),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, name),
    tags,
    state: isStopped(found) ? 'stopped' : (found.Configuration?.State ?? 'Active'),
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/**
 * Lambda functions. No protection. Stop is PutFunctionConcurrency with
 * ReservedConcurrentExecutions=0 (every invocation throttled; undone by
 * DeleteFunctionConcurrency or the previous value, which the result names).
 * Delete is DeleteFunction (every version); gone = done.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [LAMBDA_FUNCTION]);
 * ```
 */
export const LAMBDA_FUNCTION = defineAwsResourceType({
  iam: {
    read: ['lambda:GetFunction', 'lambda:GetFunctionConcurrency'],
    stop: [onTarget('lambda:PutFunctionConcurrency')],
    delete: [onTarget('lambda:DeleteFunction')],
  },
  type: TYPE,
  arnShape: { service: 'lambda', prefix: 'function:' },
  config: { pattern: /^function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/, lookup: 'name' },
  stoppable: true,
  idOf: functionNameOf,
  arnOf: functionArn,
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : functionArn(place, physicalId)),
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (name) =>
      getFunction(clients, place.region, name).map((found) => (found === null ? null : toResource(place, name, found))),
    )
      .map((found) => found.filter((resource): resource is Resource => resource !== null))
      .andThen((found) => withEventSourceMappings(clients, place, found)),
  handlers: (clients) => {
    const type = { type: TYPE, idOf: functionNameOf };
    return {
      'resource.stop': simpleHandler({
        type,
        claims,
        run: (name, action, signal): ResultAsync<JsonObject, DecomError> => {
          const region = placeOf(action).region;
          const resource = action.target.arn ?? name;
          return reservedConcurrency(clients, region, name).andThen((previous): ResultAsync<JsonObject, DecomError> => {
            if (previous === undefined) {
              return errAsync(
                decomError.notFound({ message: `lambda:PutFunctionConcurrency: ${resource} does not exist`, resource }),
              );
            }
            if (previous === 0) return okAsync({ functionName: name, reservedConcurrency: 0, state: 'stopped' });
            return awsCall({ operation: 'lambda:PutFunctionConcurrency', resource, signal }, (options) =>
              clients
                .get('lambda', region)
                .send(
                  new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }),
                  options,
                ),
            ).map(() => ({
              functionName: name,
              reservedConcurrency: 0,
              previousReservedConcurrency: previous,
              state: 'stopped',
            }));
          });
        },
        readBack: (name, action) =>
          reservedConcurrency(clients, placeOf(action).region, name).map((reserved) =>
            reserved === 0 ? { functionName: name, reservedConcurrency: 0, state: 'stopped' } : null,
          ),
      }),
    };
  },
  delete: {
    claims,
    idKey: 'functionName',
    call: deleteCall('lambda', 'lambda:DeleteFunction', (lambda, name, options) =>
      lambda.send(new DeleteFunctionCommand({ FunctionName: name }), options),
    ),
    exists: (clients, action, name) =>
      getFunction(clients, placeOf(action).region, name).map((found) => found !== null),
  },
});
