import { CreateRestApiCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateApiCommand, GetApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateFileSystemCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import {
  CreateClusterCommand as CreateEksClusterCommand,
  CreateNodegroupCommand,
  DescribeClusterCommand as DescribeEksClusterCommand,
  DescribeNodegroupCommand,
} from '@aws-sdk/client-eks';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { CreateDomainCommand, DescribeDomainCommand } from '@aws-sdk/client-opensearch';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-redshift';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '@decomkit/aws';
import { type ResourceFixture, ROW_EKS_CLUSTER } from '@decomkit/conformance';
import { TEST_REGION } from './moto.js';
import { seedFunction } from './moto-data-resources.js';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** The role EKS and moto never check. */
const EKS_ROLE = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks`;

/** The function every mapping of the rows feeds (untagged: out of every row's scope). */
const MAPPED_FUNCTION = 'payments-consumer';

/** `send`, except that the service answering that the resource exists already (seeded by an earlier fixture) is fine. */
async function once(send: () => Promise<unknown>, exists: readonly string[]): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!exists.includes((error as { name?: string }).name ?? '')) throw error;
  }
}

/** An EKS cluster `name` tagged `tags`; its ARN. */
async function seedEksCluster(clients: AwsClients, region: string, name: string, tags: Record<string, string>) {
  const created = await clients.get('eks', region).send(
    new CreateEksClusterCommand({
      name,
      roleArn: EKS_ROLE,
      resourcesVpcConfig: { subnetIds: ['subnet-0abc'] },
      tags,
    }),
  );
  return created.cluster?.arn ?? '';
}

/** A node group of `cluster`: its desired size `desired` (min 0 when 0), tagged `tags`; its ARN. */
async function seedNodegroup(
  clients: AwsClients,
  region: string,
  cluster: string,
  name: string,
  desired: number,
  tags: Record<string, string>,
) {
  const created = await clients.get('eks', region).send(
    new CreateNodegroupCommand({
      clusterName: cluster,
      nodegroupName: name,
      nodeRole: EKS_ROLE,
      subnets: ['subnet-0abc'],
      scalingConfig: { minSize: Math.min(1, desired), maxSize: 4, desiredSize: desired },
      tags,
    }),
  );
  return created.nodegroup?.nodegroupArn ?? '';
}

/**
 * moto tags clusters only: eks:TagResource on a node group is answered here
 * (recorded in `tagged`), every other call goes to moto (listed in the
 * package README).
 */
export function answerNodegroupTagging(clients: AwsClients, region = TEST_REGION): Record<string, string>[] {
  const tagged: Record<string, string>[] = [];
  clients.get('eks', region).middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { resourceArn?: string; tags?: Record<string, string> };
      if (context.commandName !== 'TagResourceCommand' || !(input.resourceArn ?? '').includes(':nodegroup/'))
        return next(args);
      tagged.push({ ...input.tags });
      return { output: { $metadata: {} }, response: {} } as Awaited<ReturnType<typeof next>>;
    },
    { step: 'initialize', name: 'answerNodegroupTagging' },
  );
  return tagged;
}

/** An API Gateway API's ARN (no account in it). */
const apiArn = (region: string, path: string) => `arn:aws:apigateway:${region}::/${path}`;

/** How many of what the fixture holds (its `contents`). */
const held = (fixture: ResourceFixture) => fixture.contents ?? 0;

/**
 * The data store and edge and compute types of the infrastructure rows in
 * moto: an EFS file system (no mount target), a Redshift single-node
 * cluster, an OpenSearch domain, REST and HTTP APIs, EKS clusters (with
 * `contents` untagged node groups) and node groups of the rows' cluster
 * (desired size `contents`), and event source mappings from a queue of
 * their own to one function (enabled when `contents`, else disabled). Not
 * here, with the reason: ElastiCache (a deleted group or cluster stays
 * `deleting` for ever on moto: no delete check could finish; its delete and
 * its wait run on aws-sdk-client-mock in `data-types-mocked.test.ts`) and
 * CloudFront (moto's tagging API writes distribution ARNs without their
 * empty region field, which no ARN parser reads: the tag selector of the
 * rows cannot find them; `cloudfront-distribution-on-moto.test.ts` selects
 * them by ARN).
 */
export const MOTO_DATA_EDGE_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::EFS::FileSystem': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('efs', region)
        .send(new CreateFileSystemCommand({ CreationToken: fixture.name, Tags: tagList(fixture.tags) }));
      return { id: created.FileSystemId ?? '', arn: created.FileSystemArn ?? '' };
    },
    read: (clients, region, id) =>
      orGone(['FileSystemNotFound'], async () => {
        const found = await clients.get('efs', region).send(new DescribeFileSystemsCommand({ FileSystemId: id }));
        const system = found.FileSystems?.[0];
        return system === undefined ? null : unprotected(`${system.LifeCycleState} ${system.NumberOfMountTargets}`);
      }),
  },
  'AWS::Redshift::Cluster': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('redshift', region).send(
        new CreateClusterCommand({
          ClusterIdentifier: fixture.name,
          NodeType: 'dc2.large',
          MasterUsername: 'admin',
          MasterUserPassword: 'Password1',
          ClusterType: 'single-node',
          Tags: tagList(fixture.tags),
        }),
      );
      const arn = `arn:aws:redshift:${region}:${MOTO_ACCOUNT_ID}:cluster:${created.Cluster?.ClusterIdentifier}`;
      return { id: fixture.name, arn };
    },
    read: (clients, region, id) =>
      orGone(['ClusterNotFoundFault', 'ClusterNotFound'], async () => {
        const found = await clients
          .get('redshift', region)
          .send(new DescribeClustersCommand({ ClusterIdentifier: id }));
        const status = found.Clusters?.[0]?.ClusterStatus;
        return status === undefined ? null : unprotected(status === 'paused' ? 'stopped' : status);
      }),
  },
  'AWS::OpenSearch::Domain': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('opensearch', region)
        .send(new CreateDomainCommand({ DomainName: fixture.name, TagList: tagList(fixture.tags) }));
      return { id: fixture.name, arn: created.DomainStatus?.ARN ?? '' };
    },
    read: (clients, region, name) =>
      orGone(['ResourceNotFoundException'], async () => {
        const found = await clients.get('opensearch', region).send(new DescribeDomainCommand({ DomainName: name }));
        return found.DomainStatus?.Deleted === true ? null : unprotected('active');
      }),
  },
  'AWS::ApiGateway::RestApi': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('apigateway', region)
        .send(new CreateRestApiCommand({ name: fixture.name, tags: { ...fixture.tags } }));
      return { id: created.id ?? '', arn: apiArn(region, `restapis/${created.id}`) };
    },
    read: (clients, region, id) =>
      orGone(['NotFoundException'], async () => {
        await clients.get('apigateway', region).send(new GetRestApiCommand({ restApiId: id }));
        return unprotected('available');
      }),
  },
  'AWS::ApiGatewayV2::Api': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('apigatewayv2', region)
        .send(new CreateApiCommand({ Name: fixture.name, ProtocolType: 'HTTP', Tags: { ...fixture.tags } }));
      return { id: created.ApiId ?? '', arn: apiArn(region, `apis/${created.ApiId}`) };
    },
    read: (clients, region, id) =>
      orGone(['NotFoundException'], async () => {
        await clients.get('apigatewayv2', region).send(new GetApiCommand({ ApiId: id }));
        return unprotected('available');
      }),
  },
  'AWS::EKS::Cluster': {
    seed: async (clients, region, fixture) => {
      const arn = await seedEksCluster(clients, region, fixture.name, { ...fixture.tags });
      for (let index = 1; index <= held(fixture); index += 1)
        await seedNodegroup(clients, region, fixture.name, `nodes-${index}`, 1, {});
      return { id: fixture.name, arn };
    },
    read: (clients, region, name) =>
      orGone(['ResourceNotFoundException'], async () => {
        const found = await clients.get('eks', region).send(new DescribeEksClusterCommand({ name }));
        return unprotected(found.cluster?.status ?? 'unknown');
      }),
  },
  'AWS::EKS::Nodegroup': {
    seed: async (clients, region, fixture) => {
      // Tagged, though out of scope, as every cluster the rows create.
      await once(
        () => seedEksCluster(clients, region, ROW_EKS_CLUSTER, { purpose: 'conformance' }),
        ['ResourceInUseException'],
      );
      const arn = await seedNodegroup(clients, region, ROW_EKS_CLUSTER, fixture.name, held(fixture), {
        ...fixture.tags,
      });
      return { id: fixture.name, arn };
    },
    read: (clients, region, name) =>
      orGone(['ResourceNotFoundException'], async () => {
        const found = await clients
          .get('eks', region)
          .send(new DescribeNodegroupCommand({ clusterName: ROW_EKS_CLUSTER, nodegroupName: name }));
        const desired = found.nodegroup?.scalingConfig?.desiredSize ?? 0;
        return unprotected(desired === 0 ? 'stopped' : `desired ${desired}`);
      }),
  },
  'AWS::Lambda::EventSourceMapping': {
    seed: async (clients, region, fixture) => {
      await once(
        () => seedFunction(clients, region, { name: MAPPED_FUNCTION, tags: {} }),
        ['EntityAlreadyExistsException', 'EntityAlreadyExists', 'ResourceConflictException'],
      );
      await clients.get('sqs', region).send(new CreateQueueCommand({ QueueName: fixture.name }));
      const queueArn = `arn:aws:sqs:${region}:${MOTO_ACCOUNT_ID}:${fixture.name}`;
      const lambda = clients.get('lambda', region);
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: MAPPED_FUNCTION,
          EventSourceArn: queueArn,
          Tags: { ...fixture.tags },
        }),
      );
      const uuid = created.UUID ?? '';
      if (held(fixture) === 0) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
      return { id: uuid, arn: `arn:aws:lambda:${region}:${MOTO_ACCOUNT_ID}:event-source-mapping:${uuid}`, name: uuid };
    },
    read: (clients, region, uuid) =>
      orGone(['ResourceNotFoundException'], async () => {
        const found = await clients.get('lambda', region).send(new GetEventSourceMappingCommand({ UUID: uuid }));
        return unprotected(found.State === 'Disabled' ? 'stopped' : (found.State ?? 'unknown'));
      }),
  },
};
