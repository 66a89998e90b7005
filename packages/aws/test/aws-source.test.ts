import {
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  EC2Client,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsClients, awsSource } from '@decomkit/aws';
import type { Action, HandlerContext } from '@decomkit/core';
import { idempotencyToken, systemClock } from '@decomkit/provider-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { typeOfArn } from '../src/arn-types.js';
import { TEST_CREDENTIALS } from './support/moto.js';

function context(action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

function actionOn(arn: string, kind = 'resource.delete'): Action {
  return {
    key: `retire-resources:${kind}:${arn}`,
    step: 'retire-resources',
    item: 'retire',
    kind,
    target: { ref: arn, arn, resourceType: typeOfArn(arn), accountId: '111122223333', region: 'eu-west-1' },
    params: {},
    gates: [],
    dependsOn: [],
  };
}

describe('awsSource: clients and bad input', () => {
  it('needs a region', () => {
    expect(() => awsSource({})).toThrow(/region/);
  });

  it('makes one client per (service, region), reuses it, and uses injected clients', () => {
    const injectedSts = new STSClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const clients = new AwsClients({
      credentials: TEST_CREDENTIALS,
      clients: { sts: injectedSts, ec2: (region) => new EC2Client({ region, credentials: TEST_CREDENTIALS }) },
    });
    expect(clients.get('sts', 'eu-west-1')).toBe(injectedSts);
    const ec2 = clients.get('ec2', 'eu-west-1');
    expect(clients.get('ec2', 'eu-west-1')).toBe(ec2);
    expect(clients.get('ec2', 'us-east-1')).not.toBe(ec2);
    expect(clients.get('iam', 'eu-west-1')).toBe(clients.get('iam', 'us-east-1'));
  });

  it('refuses retirement actions on unsupported types and on ARNs that are not resources, as InvalidInput', async () => {
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const mock = mockClient(ec2);
    const { retirement } = awsSource({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, clients: { ec2 } });
    const remove = retirement.handlers?.['resource.delete'];
    if (remove === undefined) throw new Error('no resource.delete handler');
    // A type no descriptor handles (KMS keys are handled since issue 13: a CodeBuild project is not).
    const key = actionOn('arn:aws:codebuild:eu-west-1:111122223333:project/payments-build');
    expect(retirement.supportedTypes).not.toContain('AWS::CodeBuild::Project');
    expect(retirement.supportedTypes).not.toContain(key.target.resourceType);
    expect((await remove.execute(key, context(key)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const garbage = { ...actionOn('arn:aws:ec2:eu-west-1:111122223333:instance/i-1'), target: { ref: 'not-an-arn' } };
    expect((await remove.execute(garbage, context(garbage)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(mock.calls()).toHaveLength(0);
  });

  it('a cancelled run sends no TerminateInstances', async () => {
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const mock = mockClient(ec2);
    mock.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const { retirement } = awsSource({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, clients: { ec2 } });
    const terminate = actionOn('arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0');
    const controller = new AbortController();
    controller.abort();
    const outcome = await retirement.handlers?.['resource.delete']?.execute(terminate, {
      ...context(terminate),
      signal: controller.signal,
    });
    expect(outcome?._unsafeUnwrapErr().code).toBe('Cancelled');
    expect(mock.commandCalls(TerminateInstancesCommand)).toHaveLength(0);
  });

  it('describe answers null for text that is not an ARN, without calling AWS', async () => {
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const mock = mockClient(ec2);
    mock.on(DescribeInstancesCommand).rejects(new Error('must not be called'));
    const { inventory } = awsSource({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, clients: { ec2 } });
    expect((await inventory.describe('i-0123'))._unsafeUnwrap()).toBeNull();
    expect(mock.calls()).toHaveLength(0);
  });

  it('names types without a resource file after their ARN, so they are reported unhandled', () => {
    expect(typeOfArn('arn:aws:sns:eu-west-1:111122223333:payments-topic')).toBe('AWS::SNS::Topic');
    expect(typeOfArn('arn:aws:ec2:eu-west-1:111122223333:instance/i-1')).toBe('AWS::EC2::Instance');
    expect(typeOfArn('arn:aws:rds:eu-west-1:111122223333:db:payments')).toBe('AWS::RDS::DBInstance');
    expect(typeOfArn('arn:aws:dms:eu-west-1:111122223333:task:PAYMENTSCDC')).toBe('AWS::DMS::ReplicationTask');
    expect(typeOfArn('arn:aws:foo:eu-west-1:111122223333:widget/w-1')).toBe('AWS::foo::widget');
  });
});
