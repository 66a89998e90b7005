import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeFunction } from './source-types.js';

/**
 * The fake Lambda control plane for functions, regional and in the caller's
 * account, with AWS's rules: reserved concurrency is a whole number from 0
 * (0 throttles every invocation), DeleteFunction removes the function with
 * every version, a missing function is `ResourceNotFoundException`.
 */
export class FakeLambda {
  constructor(private readonly world: FakeWorld) {}

  /** GetFunction: configuration, tags and reserved concurrency. */
  getFunction(region: string, name: string): ResultAsync<FakeFunction, DecomError> {
    return this.world.call('lambda', 'GetFunction', false, name, () =>
      this.lambda(region, name).map((found) => structuredClone(found)),
    );
  }

  /** GetFunctionConcurrency: the reserved concurrency, null when none is set. */
  getFunctionConcurrency(
    region: string,
    name: string,
  ): ResultAsync<{ reservedConcurrentExecutions: number | null }, DecomError> {
    return this.world.call('lambda', 'GetFunctionConcurrency', false, name, () =>
      this.lambda(region, name).map((found) => ({ reservedConcurrentExecutions: found.reservedConcurrency })),
    );
  }

  /** PutFunctionConcurrency: `InvalidParameterValueException` for anything but a whole number ≥ 0. */
  putFunctionConcurrency(
    region: string,
    name: string,
    reservedConcurrentExecutions: number,
  ): ResultAsync<{ reservedConcurrentExecutions: number }, DecomError> {
    return this.world.call('lambda', 'PutFunctionConcurrency', true, name, () => {
      if (!Number.isInteger(reservedConcurrentExecutions) || reservedConcurrentExecutions < 0)
        return err(
          awsError.invalid(
            'InvalidParameterValueException',
            `ReservedConcurrentExecutions must be a whole number from 0 (got ${reservedConcurrentExecutions})`,
            'ReservedConcurrentExecutions',
          ),
        );
      return this.lambda(region, name).map((found) => {
        found.reservedConcurrency = reservedConcurrentExecutions;
        recordConfigChange(this.world, found.arn, AWS_TYPES.function, 'OK');
        return { reservedConcurrentExecutions };
      });
    });
  }

  /** DeleteFunctionConcurrency: back to the account's unreserved pool. */
  deleteFunctionConcurrency(region: string, name: string): ResultAsync<{ functionName: string }, DecomError> {
    return this.world.call('lambda', 'DeleteFunctionConcurrency', true, name, () =>
      this.lambda(region, name).map((found) => {
        found.reservedConcurrency = null;
        recordConfigChange(this.world, found.arn, AWS_TYPES.function, 'OK');
        return { functionName: name };
      }),
    );
  }

  /** DeleteFunction (every version); Config records the deletion. */
  deleteFunction(region: string, name: string): ResultAsync<{ functionName: string }, DecomError> {
    return this.world.call('lambda', 'DeleteFunction', true, name, () =>
      this.lambda(region, name).map((found) => {
        this.world.state.functions = this.world.state.functions.filter((candidate) => candidate !== found);
        recordConfigChange(this.world, found.arn, AWS_TYPES.function, 'ResourceDeleted');
        return { functionName: name };
      }),
    );
  }

  private lambda(region: string, name: string): Result<FakeFunction, DecomError> {
    const found = this.world.state.functions.find(
      (candidate) =>
        candidate.region === region &&
        candidate.functionName === name &&
        candidate.accountId === this.world.state.accountId,
    );
    return found === undefined
      ? err(awsError.notFound('ResourceNotFoundException', `Function not found: ${name} in ${region}`, name))
      : ok(found);
  }
}
