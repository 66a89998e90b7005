import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  ResourceNotFoundException as FunctionNotFoundException,
  GetFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  NoSuchBucket,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { AwsClients } from '@decomkit/aws';
import type { BucketFixture, FunctionFixture, TableFixture } from '@decomkit/conformance';
import { LAMBDA_ZIP, tagList } from './retirement-harness.js';

/**
 * Creates the bucket in `region` through the SDK (with Object Lock when the
 * fixture says), tags it (unless it has no tags), puts `objects` objects of
 * 4 bytes in it, and, for `deleteMarkers`, versions it and deletes that many
 * of their keys (each delete leaves the version and adds a marker).
 */
export async function seedBucket(clients: AwsClients, region: string, bucket: BucketFixture): Promise<void> {
  const s3 = clients.get('s3', region);
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket.name,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      ...(bucket.objectLock === true ? { ObjectLockEnabledForBucket: true } : {}),
    }),
  );
  const markers = bucket.deleteMarkers ?? 0;
  if (markers > 0) {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }
  if (Object.keys(bucket.tags).length > 0) {
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket.name, Tagging: { TagSet: tagList(bucket.tags) } }));
  }
  for (let index = 0; index < (bucket.objects ?? 0); index += 1) {
    await s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: `object-${index}.txt`, Body: 'data' }));
  }
  for (let index = 0; index < markers; index += 1) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket.name, Key: `object-${index}.txt` }));
  }
}

/** Object versions and delete markers in the bucket (ListObjectVersions, every page); null when it does not exist. */
export async function bucketObjects(
  clients: AwsClients,
  region: string,
  name: string,
): Promise<{ objects: number } | null> {
  const s3 = clients.get('s3', region);
  let objects = 0;
  let page: ListObjectVersionsCommandOutput | undefined;
  try {
    do {
      page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: name,
          ...(page?.NextKeyMarker === undefined ? {} : { KeyMarker: page.NextKeyMarker }),
          ...(page?.NextVersionIdMarker === undefined ? {} : { VersionIdMarker: page.NextVersionIdMarker }),
        }),
      );
      objects += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    } while (page.IsTruncated === true);
  } catch (error) {
    if (error instanceof NoSuchBucket || (error as { name?: string }).name === 'NoSuchBucket') return null;
    throw error;
  }
  return { objects };
}

/** Creates an on-demand table, tagged and protected as the fixture says. */
export async function seedTable(clients: AwsClients, region: string, table: TableFixture): Promise<void> {
  await clients.get('dynamodb', region).send(
    new CreateTableCommand({
      TableName: table.name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: table.deletionProtection ?? false,
      ...(Object.keys(table.tags).length > 0 ? { Tags: tagList(table.tags) } : {}),
    }),
  );
}

/** The table as DescribeTable has it; null when DynamoDB no longer knows it. */
export async function tableState(
  clients: AwsClients,
  region: string,
  name: string,
): Promise<{ status: string; deletionProtection: boolean } | null> {
  try {
    const found = await clients.get('dynamodb', region).send(new DescribeTableCommand({ TableName: name }));
    const table = found.Table;
    if (table === undefined) return null;
    return { status: table.TableStatus ?? 'unknown', deletionProtection: table.DeletionProtectionEnabled === true };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

/** Creates the function (a one-file Node.js package) with an execution role of its own, tagged. */
export async function seedFunction(clients: AwsClients, region: string, lambda: FunctionFixture): Promise<void> {
  const role = await clients.get('iam', region).send(
    new CreateRoleCommand({
      RoleName: `${lambda.name}-role`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await clients.get('lambda', region).send(
    new CreateFunctionCommand({
      FunctionName: lambda.name,
      Runtime: 'nodejs20.x',
      Role: role.Role?.Arn,
      Handler: 'index.handler',
      Code: { ZipFile: LAMBDA_ZIP },
      Tags: { ...lambda.tags },
    }),
  );
}

/** The function's reserved concurrency (GetFunctionConcurrency; null when none is set); null when it does not exist. */
export async function functionConcurrency(
  clients: AwsClients,
  region: string,
  name: string,
): Promise<{ reservedConcurrency: number | null } | null> {
  try {
    const found = await clients.get('lambda', region).send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
    return { reservedConcurrency: found.ReservedConcurrentExecutions ?? null };
  } catch (error) {
    if (error instanceof FunctionNotFoundException) return null;
    throw error;
  }
}
