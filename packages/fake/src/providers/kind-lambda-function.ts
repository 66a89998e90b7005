import type { Action, DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeLambda } from '../source/lambda.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeFunction } from '../source/source-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.function;

/** The function name of an unqualified Lambda function ARN (`…:function:<name>`), or null (a version or alias ARN too). */
export function functionNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)$/.exec(arn)?.[1] ?? null;
}

/** Reserved concurrency 0 is how a function is stopped (every invocation is throttled). */
function toResource(found: FakeFunction): Resource {
  return recordResource(TYPE, found, {
    name: found.functionName,
    state: found.reservedConcurrency === 0 ? 'stopped' : found.state,
  });
}

/**
 * Lambda functions, as the AWS provider treats them. No protection. Stop is
 * PutFunctionConcurrency with ReservedConcurrentExecutions=0 (every
 * invocation throttled; the result names the previous value, to undo it).
 * Delete is DeleteFunction (every version); gone = done. Found through the
 * tagging API, described with GetFunction.
 */
export function functionKind(lambda: FakeLambda, tagging: FakeTagging): ResourceKind {
  const region = (action: Action) => regionOf(action.target.arn ?? '');
  const describe = (arn: string, name: string) => goneAsNull(lambda.getFunction(regionOf(arn), name), toResource);
  const stopped = (name: string) => ({ functionName: name, reservedConcurrency: 0, state: 'stopped' });
  return defineFakeResourceKind({
    type: TYPE,
    idOf: functionNameOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('lambda', 'default'),
      stop: {
        run: (name, action): ResultAsync<JsonObject, DecomError> => {
          const resource = action.target.arn ?? name;
          return lambda
            .getFunctionConcurrency(region(action), name)
            .orElse((error) =>
              errAsync(
                error.code === 'NotFound'
                  ? decomError.notFound({
                      message: `lambda:PutFunctionConcurrency: ${resource} does not exist`,
                      resource,
                    })
                  : error,
              ),
            )
            .andThen(({ reservedConcurrentExecutions: previous }): ResultAsync<JsonObject, DecomError> => {
              if (previous === 0) return okAsync(stopped(name));
              return lambda
                .putFunctionConcurrency(region(action), name, 0)
                .map(() => ({ ...stopped(name), previousReservedConcurrency: previous }));
            });
        },
        readBack: (name, action) =>
          lambda
            .getFunctionConcurrency(region(action), name)
            .map(({ reservedConcurrentExecutions }) => (reservedConcurrentExecutions === 0 ? stopped(name) : null))
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      },
      delete: {
        run: (name, action) =>
          lambda.deleteFunction(region(action), name).map(() => ({ functionName: name, state: 'deleted' })),
        readBack: (name, action) =>
          goneRead(lambda.getFunction(region(action), name), { functionName: name, state: 'deleted' }),
      },
    },
  });
}
