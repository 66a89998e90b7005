import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateDBInstanceCommand, DeleteDBInstanceCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { AWS_RESOURCE_TYPES, AwsClients } from '@decomkit/aws';
import type { Resource } from '@decomkit/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsInventoryPort } from '../src/ports/inventory-port.js';
import {
  motoClients,
  motoEndpoint,
  type RecordedRequest,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { PAYMENTS_SOURCE } from './support/retirement-harness.js';

withOwnMoto();

const DATABASES = ['payments-db-0', 'payments-db-1', 'payments-db-2', 'payments-db-3', 'payments-db-4'];

function inventory() {
  const cloudtrail = new CloudTrailClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
  mockClient(cloudtrail).on(LookupEventsCommand).resolves({ Events: [] });
  const aws = new AwsClients({
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    readRateLimits: false,
    clients: { cloudtrail },
  });
  return awsInventoryPort(aws, AWS_RESOURCE_TYPES, TEST_REGION);
}

async function seedDatabases(): Promise<void> {
  const rds = motoClients().get('rds', TEST_REGION);
  for (const identifier of DATABASES) {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: identifier,
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        AllocatedStorage: 20,
        MasterUsername: 'payments',
        MasterUserPassword: 'not-a-secret-1',
        Tags: [{ Key: 'workload', Value: 'payments' }],
      }),
    );
  }
}

/** A hosted zone with a CNAME `db.example.com` → the endpoint of `database`; the zone's id. */
async function seedRecordTo(database: string): Promise<string> {
  const rds = motoClients().get('rds', TEST_REGION);
  const described = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: database }));
  const address = described.DBInstances?.[0]?.Endpoint?.Address;
  if (address === undefined) throw new Error(`moto gave ${database} no endpoint`);
  const route53 = motoClients().get('route53', 'us-east-1');
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'zone-db' }));
  const zoneId = (zone.HostedZone?.Id ?? '').replace('/hostedzone/', '');
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'db.example.com',
              Type: 'CNAME',
              TTL: 300,
              ResourceRecords: [{ Value: address }],
            },
          },
        ],
      },
    }),
  );
  return zoneId;
}

async function discovered(port: ReturnType<typeof inventory>): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const page of port.discover(PAYMENTS_SOURCE)) found.push(...page._unsafeUnwrap());
  return found.filter((resource) => resource.type === 'AWS::RDS::DBInstance');
}

/** The RDS identifiers a recorded request names (its `DBInstanceIdentifier`, or the values of its filters). */
function databasesNamed(request: RecordedRequest): string[] {
  const form = new URLSearchParams(request.body);
  return [...form.entries()]
    .filter(([name]) => name === 'DBInstanceIdentifier' || /^Filters\.Filter\.\d+\.Values\./.test(name))
    .map(([, value]) => value);
}

describe('the DNS-record check reads the databases’ endpoints together, on moto_server', () => {
  beforeEach(resetMoto);

  it('describes every in-scope database in one DescribeDBInstances, and finds the record that points at one', async () => {
    await seedDatabases();
    const zoneId = await seedRecordTo('payments-db-3');
    const port = inventory();
    const databases = await discovered(port);
    expect(databases).toHaveLength(DATABASES.length);
    const before = (await recordedRequests()).length;
    const scan = (await port.findDependents?.(databases, { recentCallerDays: 0 }))?._unsafeUnwrap();
    const reads = (await recordedRequests())
      .slice(before)
      .filter((request) => request.action === 'DescribeDBInstances');
    // One describe with a filter of the five ids, not one describe per database.
    expect(reads).toHaveLength(1);
    expect(databasesNamed(reads[0] as RecordedRequest).sort()).toEqual(DATABASES);
    expect(scan?.unchecked).toEqual([]);
    expect(scan?.dependencies).toEqual([
      expect.objectContaining({
        resource: databases.find((database) => database.arn.endsWith(':db:payments-db-3'))?.arn,
        check: 'dns-record',
        dependent: `arn:aws:route53:::hostedzone/${zoneId}/recordset/db.example.com./CNAME`,
      }),
    ]);
  });

  it('leaves the databases unchecked when one of them is no longer found (as a describe by id did)', async () => {
    await seedDatabases();
    await seedRecordTo('payments-db-3');
    const port = inventory();
    const databases = await discovered(port);
    await motoClients()
      .get('rds', TEST_REGION)
      .send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'payments-db-1', SkipFinalSnapshot: true }));
    const scan = (await port.findDependents?.(databases, { recentCallerDays: 0 }))?._unsafeUnwrap();
    expect(scan?.unchecked).toEqual([
      expect.objectContaining({
        check: 'dns-record',
        resources: expect.arrayContaining(databases.map((database) => database.arn)),
      }),
    ]);
    expect(scan?.unchecked[0]?.reason).toContain('payments-db-1');
  });
});
