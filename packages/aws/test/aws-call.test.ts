import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { awsCall, mapAwsError } from '@decomkit/aws';
import { describe, expect, it } from 'vitest';

const ARN = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0';

/** An SDK service exception as the AWS SDK v3 builds it from an error response. */
function serviceError(name: string, status: number, fault: 'client' | 'server' = status >= 500 ? 'server' : 'client') {
  return new EC2ServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
    message: `${name} happened`,
  });
}

describe('mapAwsError: AWS error codes → DecomError codes, with the ARN in the message', () => {
  it.each([
    ['AccessDenied', 403, 'AccessDenied'],
    ['AccessDeniedException', 400, 'AccessDenied'],
    ['UnauthorizedOperation', 403, 'AccessDenied'],
    ['Throttling', 400, 'Throttled'],
    ['ThrottlingException', 400, 'Throttled'],
    ['RequestLimitExceeded', 503, 'Throttled'],
    ['TooManyRequestsException', 429, 'Throttled'],
    ['InvalidInstanceID.NotFound', 400, 'NotFound'],
    ['DBInstanceNotFoundFault', 404, 'NotFound'],
    ['ResourceNotFoundException', 400, 'NotFound'],
    ['OperationNotPermitted', 400, 'Conflict'],
    ['DependencyViolation', 400, 'Conflict'],
    ['InvalidDBInstanceState', 400, 'Conflict'],
    ['InvalidDBInstanceStateFault', 400, 'Conflict'],
    ['ResourceInUse', 400, 'Conflict'],
    ['IncorrectInstanceState', 400, 'Conflict'],
    ['InvalidParameterValue', 400, 'InvalidInput'],
    ['ValidationError', 400, 'InvalidInput'],
  ] as const)('%s (HTTP %i) → %s', (name, status, code) => {
    const error = mapAwsError(serviceError(name, status), { operation: 'ec2:TerminateInstances', resource: ARN });
    expect(error.code).toBe(code);
    expect(error.message).toContain(ARN);
    expect(error.message).toContain('ec2:TerminateInstances');
    expect(error.message).toContain(name);
    expect(error.cause).toBeInstanceOf(EC2ServiceException);
  });

  it('5xx is a retryable ProviderFailure naming the resource', () => {
    const error = mapAwsError(serviceError('InternalError', 500), { operation: 'ec2:StopInstances', resource: ARN });
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: true, resource: ARN });
  });

  it('an unknown client error is a non-retryable ProviderFailure', () => {
    const error = mapAwsError(serviceError('SomethingOdd', 400), { operation: 'ec2:StopInstances' });
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: false });
  });

  it('an answer the SDK cannot read (a 502 page of a proxy) is one line saying so, retryable, without the page', () => {
    const page = Object.assign(
      new SyntaxError(
        'Unexpected token \'<\', "<html><bod"... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { httpStatusCode: 502 } },
    );
    const error = mapAwsError(page, { operation: 'backup:ListRecoveryPointsByResource' });
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: true });
    expect(error.message).toBe(
      'backup:ListRecoveryPointsByResource: the endpoint answered HTTP 502 with a body that is not an AWS response',
    );
  });

  it('a network failure (no HTTP response) is a retryable ProviderFailure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(mapAwsError(refused, { operation: 'sts:GetCallerIdentity' })).toMatchObject({
      code: 'ProviderFailure',
      retryable: true,
    });
  });

  it('an aborted call is Cancelled', () => {
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(mapAwsError(aborted, { operation: 'ec2:DescribeInstances' }).code).toBe('Cancelled');
  });

  it('awsCall with an aborted signal answers Cancelled without calling, and hands the signal to the call', async () => {
    const controller = new AbortController();
    let handed: AbortSignal | undefined;
    const live = await awsCall({ operation: 'ec2:StopInstances', signal: controller.signal }, async (options) => {
      handed = options.abortSignal;
      return 'sent';
    });
    expect(live._unsafeUnwrap()).toBe('sent');
    expect(handed).toBe(controller.signal);
    controller.abort();
    let called = false;
    const aborted = await awsCall(
      { operation: 'ec2:StopInstances', resource: ARN, signal: controller.signal },
      async () => {
        called = true;
      },
    );
    expect(aborted._unsafeUnwrapErr().code).toBe('Cancelled');
    expect(called).toBe(false);
  });

  it('awsCall turns a throwing call, sync or async, into an Err and never throws', async () => {
    const thrown = await awsCall({ operation: 'ec2:StopInstances', resource: ARN }, () => {
      throw serviceError('OperationNotPermitted', 400);
    });
    expect(thrown._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict', resource: ARN });
    const rejected = await awsCall({ operation: 'ec2:StopInstances' }, () =>
      Promise.reject(serviceError('RequestLimitExceeded', 503)),
    );
    expect(rejected._unsafeUnwrapErr().code).toBe('Throttled');
    expect((await awsCall({ operation: 'x' }, async () => 42))._unsafeUnwrap()).toBe(42);
  });
});
