import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { awsSource, EC2_INSTANCE } from '@decomkit/aws';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';

withOwnMoto();

// The engine's re-read of many EC2 instances (describeScopes) describes up to 1,000 ids with one
// DescribeInstances `InstanceIds` list, not one `instance-id` filter per 200; a list EC2 refuses because an id
// is no longer known goes again as filters, so what is gone still reads as gone.

const arnOf = (id: string) => `arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:instance/${id}`;

async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = (await recordedRequests()).length;
  await work();
  return (await recordedRequests()).slice(before);
}

const describes = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.action === 'DescribeInstances').length;

function describeScopes(arns: readonly string[]) {
  const port = awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    resourceTypes: [EC2_INSTANCE],
  }).inventory;
  const read = port.describeScopes;
  if (read === undefined) throw new Error('the AWS inventory has describeScopes');
  return read(arns);
}

describe('re-reading many EC2 instances by id, on moto_server', () => {
  let arns: string[] = [];
  beforeAll(async () => {
    await resetMoto();
    const run = await motoClients()
      .get('ec2', TEST_REGION)
      .send(
        new RunInstancesCommand({ ImageId: 'ami-12c6146b', InstanceType: 't3.micro', MinCount: 450, MaxCount: 450 }),
      );
    arns = (run.Instances ?? []).map((instance) => arnOf(instance.InstanceId ?? ''));
  });

  it('reads 450 instances with one DescribeInstances', async () => {
    let scopes: ReadonlyMap<string, unknown> = new Map();
    const requests = await requestsDuring(async () => {
      scopes = (await describeScopes(arns))._unsafeUnwrap();
    });
    expect(describes(requests)).toBe(1);
    expect([...scopes.values()].filter((scope) => scope !== null)).toHaveLength(450);
  });

  it('answers an id EC2 no longer knows as gone, the others found (the list goes again as filters)', async () => {
    const gone = arnOf('i-0000000000000dead');
    let scopes: ReadonlyMap<string, unknown> = new Map();
    const requests = await requestsDuring(async () => {
      scopes = (await describeScopes([...arns, gone]))._unsafeUnwrap();
    });
    expect(scopes.get(gone)).toBeNull();
    expect(arns.filter((arn) => scopes.get(arn) === null || scopes.get(arn) === undefined)).toEqual([]);
    // The refused list, then 451 ids as filters of 200.
    expect(describes(requests)).toBe(1 + 3);
  });
});
