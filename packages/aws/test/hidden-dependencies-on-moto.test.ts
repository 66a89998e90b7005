import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateQueueCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { AWS_RESOURCE_TYPES, type AwsClientOverrides, AwsClients } from '@decomkit/aws';
import type { HiddenDependencyScan, Resource } from '@decomkit/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsInventoryPort } from '../src/ports/inventory-port.js';
import { motoClients, motoEndpoint, resetMoto, TEST_CREDENTIALS, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { PAYMENTS_SOURCE } from './support/retirement-harness.js';

withOwnMoto();

const OTHER_ACCOUNT = '444455556666';

/** The inventory port on moto; CloudTrail (LookupEvents, which moto lacks) and any client in `clients` injected. */
function inventoryWith(clients: AwsClientOverrides = {}) {
  const cloudtrail = new CloudTrailClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
  const trail = mockClient(cloudtrail);
  trail.on(LookupEventsCommand).resolves({ Events: [] });
  const aws = new AwsClients({
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    readRateLimits: false,
    clients: { cloudtrail, ...clients },
  });
  return { inventory: awsInventoryPort(aws, AWS_RESOURCE_TYPES, TEST_REGION), trail };
}

async function inScope(inventory: ReturnType<typeof inventoryWith>['inventory']): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of inventory.discover(PAYMENTS_SOURCE)) found.push(...page._unsafeUnwrap());
  return found;
}

async function scan(
  inventory: ReturnType<typeof inventoryWith>['inventory'],
  days = 14,
): Promise<{ resources: Resource[]; scan: HiddenDependencyScan }> {
  const resources = await inScope(inventory);
  const result = await inventory.findDependents?.(resources, { recentCallerDays: days });
  if (result === undefined) throw new Error('the AWS inventory must offer findDependents');
  return { resources, scan: result._unsafeUnwrap() };
}

const ec2 = () => motoClients().get('ec2', TEST_REGION);

async function seedAddress(workload: string) {
  const address = await ec2().send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'workload', Value: workload }] }],
    }),
  );
  return {
    ip: address.PublicIp ?? '',
    arn: `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:elastic-ip/${address.AllocationId}`,
  };
}

async function seedRecord(ip: string, name: string) {
  const route53 = motoClients().get('route53', TEST_REGION);
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `zone-${name}` }),
  );
  const zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: { Name: name, Type: 'A', TTL: 300, ResourceRecords: [{ Value: ip }] },
          },
        ],
      },
    }),
  );
  return zoneId;
}

async function seedGroup(name: string, vpcId: string, workload: string | null) {
  const group = await ec2().send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: name,
      VpcId: vpcId,
      ...(workload === null
        ? {}
        : { TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'workload', Value: workload }] }] }),
    }),
  );
  return group.GroupId ?? '';
}

const allowFrom = (groupId: string, from: string) =>
  ec2().send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: from }] }],
    }),
  );

async function seedQueue(name: string, policyPrincipal: string | null) {
  const sqs = motoClients().get('sqs', TEST_REGION);
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: name, tags: { workload: 'payments' } }));
  const arn = `arn:aws:sqs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:${name}`;
  if (policyPrincipal !== null) {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'producer',
          Effect: 'Allow',
          Principal: { AWS: policyPrincipal },
          Action: 'sqs:SendMessage',
          Resource: arn,
        },
      ],
    };
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, Attributes: { Policy: JSON.stringify(policy) } }),
    );
  }
  return arn;
}

async function seedRoleAllowing(roleName: string, resource: string) {
  const iam = motoClients().get('iam', TEST_REGION);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'send',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: resource }],
      }),
    }),
  );
  return role.Role?.Arn ?? '';
}

describe('hidden dependencies (on moto)', () => {
  beforeEach(resetMoto);

  it('finds a Route 53 record pointing at an in-scope Elastic IP, and not one pointing elsewhere', async () => {
    const payments = await seedAddress('payments');
    const billing = await seedAddress('billing');
    const zoneId = await seedRecord(payments.ip, 'api.example.com');
    await seedRecord(billing.ip, 'billing.example.com');
    const { scan: found } = await scan(inventoryWith().inventory);
    expect(found.dependencies).toEqual([
      {
        resource: payments.arn,
        check: 'dns-record',
        dependent: `arn:aws:route53:::hostedzone/${zoneId}/recordset/api.example.com./A`,
        evidence: `A api.example.com → ${payments.ip}`,
      },
    ]);
    expect(found.unchecked).toEqual([]);
  });

  it('leaves the in-scope endpoints unchecked when Route 53 cannot be read', async () => {
    const payments = await seedAddress('payments');
    const route53 = new Route53Client({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
    mockClient(route53).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDenied' }));
    const { scan: found } = await scan(inventoryWith({ route53 }).inventory);
    expect(found.unchecked).toEqual([expect.objectContaining({ check: 'dns-record', resources: [payments.arn] })]);
    expect(found.unchecked[0]?.reason).toContain('route53:ListHostedZones');
  });

  it('finds an out-of-scope security group whose rule names an in-scope one, not an in-scope one that does', async () => {
    const vpc = await ec2().send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const database = await seedGroup('payments-db', vpcId, 'payments');
    const web = await seedGroup('payments-web', vpcId, 'payments');
    const reporting = await seedGroup('reporting', vpcId, null);
    await allowFrom(database, web);
    await allowFrom(reporting, database);
    const { scan: found } = await scan(inventoryWith().inventory);
    expect(found.dependencies).toEqual([
      {
        resource: `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:security-group/${database}`,
        check: 'security-group-rule',
        dependent: `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:security-group/${reporting}`,
        evidence: `reporting has an inbound rule (tcp 443) naming ${database}`,
      },
    ]);
  });

  it("finds a queue policy granting another account, and an outside role's policy naming the queue; not the account's own root", async () => {
    const shared = await seedQueue('payments-shared', OTHER_ACCOUNT);
    await seedQueue('payments-own', `arn:aws:iam::${MOTO_ACCOUNT_ID}:root`);
    const jobs = await seedQueue('payments-jobs', null);
    const producer = await seedRoleAllowing('reporting-producer', jobs);
    await seedRoleAllowing('admin-everything', '*');
    const { scan: found } = await scan(inventoryWith().inventory);
    expect(found.dependencies).toEqual(
      expect.arrayContaining([
        {
          resource: shared,
          check: 'resource-policy',
          dependent: OTHER_ACCOUNT,
          evidence: `its policy (statement producer) allows ${OTHER_ACCOUNT} sqs:SendMessage`,
        },
        {
          resource: jobs,
          check: 'identity-policy',
          dependent: producer,
          evidence: `its policy send allows sqs:SendMessage on ${jobs}`,
        },
      ]),
    );
    expect(found.dependencies).toHaveLength(2);
  });

  it('names a recent outside caller of an in-scope key from CloudTrail, with the count; skips AWS services and 0 days', async () => {
    const key = await motoClients()
      .get('kms', TEST_REGION)
      .send(new CreateKeyCommand({ Tags: [{ TagKey: 'workload', TagValue: 'payments' }] }));
    const keyArn = key.KeyMetadata?.Arn ?? '';
    const { inventory, trail } = inventoryWith();
    const caller = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/reporting`;
    const event = (identity: object, at: string) => ({
      EventName: 'Decrypt',
      EventTime: new Date(at),
      CloudTrailEvent: JSON.stringify({ userIdentity: identity }),
    });
    trail.on(LookupEventsCommand).resolves({
      Events: [
        event(
          {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/reporting/nightly`,
            sessionContext: { sessionIssuer: { arn: caller } },
          },
          '2026-12-01T10:00:00Z',
        ),
        event(
          { type: 'AssumedRole', arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/reporting/x` },
          '2026-12-02T10:00:00Z',
        ),
        event({ type: 'AWSService', invokedBy: 'backup.amazonaws.com' }, '2026-12-03T10:00:00Z'),
      ],
    });
    const { scan: found } = await scan(inventory);
    expect(found.dependencies.filter((dependency) => dependency.check === 'recent-caller')).toEqual([
      {
        resource: keyArn,
        check: 'recent-caller',
        dependent: caller,
        evidence: '2 calls in the last 14 days, the last Decrypt at 2026-12-02T10:00:00.000Z',
      },
    ]);
    const asked = trail.commandCalls(LookupEventsCommand)[0]?.args[0].input;
    expect(asked?.LookupAttributes).toEqual([{ AttributeKey: 'ResourceName', AttributeValue: keyArn }]);
    trail.resetHistory();
    const skipped = await scan(inventory, 0);
    expect(skipped.scan.dependencies.filter((dependency) => dependency.check === 'recent-caller')).toEqual([]);
    expect(trail.commandCalls(LookupEventsCommand)).toHaveLength(0);
  });
});
