import {
  DeleteNatGatewayCommand,
  DeleteSubnetCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsSource } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { actionOn, contextFor, handler } from './support/retirement-harness.js';

// moto deletes a NAT gateway at once (AWS: `deleting` for minutes), and its reads never fail: the wait and the
// fail-closed census run on aws-sdk-client-mock.

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' };
const VPC_ID = 'vpc-0aaa';
const NAT = `arn:aws:ec2:${REGION}:${ACCOUNT}:natgateway/nat-0bbb`;
const SUBNET = `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0ccc`;

function ec2Source() {
  const ec2 = new EC2Client({ region: REGION, credentials });
  const sts = new STSClient({ region: REGION, credentials });
  mockClient(sts)
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/test`, UserId: 'AIDATEST' });
  const mock = mockClient(ec2);
  // An empty VPC but for what each test adds.
  mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC_ID, IsDefault: false, State: 'available' }] });
  for (const command of [
    DescribeSubnetsCommand,
    DescribeRouteTablesCommand,
    DescribeInternetGatewaysCommand,
    DescribeVpcEndpointsCommand,
    DescribeNetworkInterfacesCommand,
    DescribeSecurityGroupsCommand,
    DescribeInstancesCommand,
    DescribeNatGatewaysCommand,
  ] as const) {
    mock.on(command as typeof DescribeSubnetsCommand).resolves({});
  }
  return { mock, ports: awsSource({ region: REGION, credentials, pollMilliseconds: 1, clients: { ec2, sts } }) };
}

describe('VPC networking on aws-sdk-client-mock', () => {
  it('waits while a NAT gateway is deleting (pending, with a checkpoint), done once it is deleted; DeleteNatGateway sent once', async () => {
    const { mock, ports } = ec2Source();
    const nat = (State: 'available' | 'deleting' | 'deleted') => ({
      NatGateways: [{ NatGatewayId: 'nat-0bbb', VpcId: VPC_ID, State }],
    });
    mock
      .on(DescribeNatGatewaysCommand)
      .resolvesOnce(nat('available')) // the read before the delete
      .resolvesOnce(nat('available')) // the census of its VPC
      .resolvesOnce(nat('deleting')) // the read after the call
      .resolvesOnce(nat('deleting')) // the first poll
      .resolves(nat('deleted'));
    mock.on(DeleteNatGatewayCommand).resolves({ NatGatewayId: 'nat-0bbb' });
    const remove = actionOn(NAT, 'resource.delete');
    const deleteHandler = handler(ports.retirement, 'resource.delete');
    const first = (await deleteHandler.execute(remove, contextFor(remove)))._unsafeUnwrap();
    expect(first).toEqual({ status: 'pending', checkpoint: { natGatewayId: 'nat-0bbb' }, pollAfterMilliseconds: 1 });
    const poll = deleteHandler.poll;
    if (poll === undefined) throw new Error('no poll');
    expect((await poll(remove, { natGatewayId: 'nat-0bbb' }, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
    });
    expect((await poll(remove, { natGatewayId: 'nat-0bbb' }, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { natGatewayId: 'nat-0bbb', state: 'deleted' },
    });
    expect(mock.commandCalls(DeleteNatGatewayCommand)).toHaveLength(1);
  });

  it('fails closed when the census of the VPC cannot be read: no description, no delete', async () => {
    const { mock, ports } = ec2Source();
    mock
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [{ SubnetId: 'subnet-0ccc', VpcId: VPC_ID, State: 'available' }] });
    mock.on(DescribeNetworkInterfacesCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const described = await ports.inventory.describe(SUBNET);
    expect(described._unsafeUnwrapErr()).toMatchObject({ code: 'AccessDenied' });
    const remove = actionOn(SUBNET, 'resource.delete');
    const outcome = await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove));
    expect(outcome._unsafeUnwrapErr()).toMatchObject({ code: 'AccessDenied' });
    expect(mock.commandCalls(DeleteSubnetCommand)).toEqual([]);
  });
});
