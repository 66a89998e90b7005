import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  PutImageCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ROW_ECS_CLUSTER } from '@decomkit/conformance';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** ECS tags (`key`/`value`, lower case). */
const ecsTagList = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

/** A one-step state machine that succeeds, and the role moto does not check. */
const DEFINITION = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });

/** An image manifest for `tag`, of one layer of its own (moto derives an image's digest from its layers'). */
export const manifestOf = (tag: string) => {
  const digest = `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0')}`;
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 7023, digest },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 32, digest }],
  });
};

/**
 * The container and stream types of the infrastructure rows in moto: an ECS
 * service of the rows' cluster (its desired count the fixture's `contents`),
 * an ECS cluster, an ECR repository (`contents` images), a Kinesis stream of
 * one shard (`contents` registered consumers) and a state machine (`contents`
 * running executions). The tagging API of moto lists neither repositories
 * nor streams: the provider finds them by listing.
 */
export const MOTO_CONTAINER_STREAM_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::ECS::Service': {
    seed: async (clients, region, fixture) => {
      const ecs = clients.get('ecs', region);
      // Tagged, though out of scope: moto's tagging API fails (500) on an untagged cluster.
      await ecs.send(
        new CreateClusterCommand({ clusterName: ROW_ECS_CLUSTER, tags: [{ key: 'purpose', value: 'conformance' }] }),
      );
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'payments-web',
          containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
        }),
      );
      const created = await ecs.send(
        new CreateServiceCommand({
          cluster: ROW_ECS_CLUSTER,
          serviceName: fixture.name,
          taskDefinition: 'payments-web',
          desiredCount: fixture.contents ?? 0,
          tags: ecsTagList(fixture.tags),
        }),
      );
      return { id: fixture.name, arn: created.service?.serviceArn ?? '' };
    },
    read: async (clients, region, name) => {
      const found = await clients
        .get('ecs', region)
        .send(new DescribeServicesCommand({ cluster: ROW_ECS_CLUSTER, services: [name] }));
      const service = found.services?.[0];
      if (service === undefined || service.status === 'INACTIVE') return null;
      return unprotected(service.desiredCount === 0 ? 'stopped' : `desired ${service.desiredCount}`);
    },
  },
  'AWS::ECS::Cluster': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('ecs', region)
        .send(new CreateClusterCommand({ clusterName: fixture.name, tags: ecsTagList(fixture.tags) }));
      return { id: fixture.name, arn: created.cluster?.clusterArn ?? '' };
    },
    read: async (clients, region, name) => {
      const found = await clients.get('ecs', region).send(new DescribeClustersCommand({ clusters: [name] }));
      const cluster = found.clusters?.[0];
      return cluster === undefined || cluster.status === 'INACTIVE' ? null : unprotected(cluster.status ?? 'ACTIVE');
    },
  },
  'AWS::ECR::Repository': {
    seed: async (clients, region, fixture) => {
      const ecr = clients.get('ecr', region);
      const created = await ecr.send(
        new CreateRepositoryCommand({ repositoryName: fixture.name, tags: tagList(fixture.tags) }),
      );
      for (let index = 1; index <= (fixture.contents ?? 0); index += 1) {
        const tag = `v${index}`;
        await ecr.send(
          new PutImageCommand({ repositoryName: fixture.name, imageManifest: manifestOf(tag), imageTag: tag }),
        );
      }
      return { id: fixture.name, arn: created.repository?.repositoryArn ?? '' };
    },
    read: (clients, region, name) =>
      orGone(['RepositoryNotFoundException'], async () => {
        const ecr = clients.get('ecr', region);
        await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
        const images = await ecr.send(new DescribeImagesCommand({ repositoryName: name }));
        return unprotected(`${(images.imageDetails ?? []).length} images`);
      }),
  },
  'AWS::Kinesis::Stream': {
    seed: async (clients, region, fixture) => {
      const kinesis = clients.get('kinesis', region);
      // moto ignores CreateStream's Tags: tagged after (when there are any).
      await kinesis.send(new CreateStreamCommand({ StreamName: fixture.name, ShardCount: 1 }));
      if (Object.keys(fixture.tags).length > 0)
        await kinesis.send(new AddTagsToStreamCommand({ StreamName: fixture.name, Tags: { ...fixture.tags } }));
      const arn = `arn:aws:kinesis:${region}:${MOTO_ACCOUNT_ID}:stream/${fixture.name}`;
      for (let index = 1; index <= (fixture.contents ?? 0); index += 1) {
        await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: `consumer-${index}` }));
      }
      return { id: fixture.name, arn };
    },
    read: (clients, region, name) =>
      orGone(['ResourceNotFoundException'], async () => {
        const kinesis = clients.get('kinesis', region);
        const found = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        const consumers = await kinesis.send(
          new ListStreamConsumersCommand({ StreamARN: found.StreamDescriptionSummary?.StreamARN }),
        );
        return unprotected(
          `${found.StreamDescriptionSummary?.StreamStatus} ${(consumers.Consumers ?? []).length} consumers`,
        );
      }),
  },
  'AWS::StepFunctions::StateMachine': {
    seed: async (clients, region, fixture) => {
      const sfn = clients.get('sfn', region);
      const created = await sfn.send(
        new CreateStateMachineCommand({
          name: fixture.name,
          definition: DEFINITION,
          roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/payments-states`,
          tags: ecsTagList(fixture.tags),
        }),
      );
      const arn = created.stateMachineArn ?? '';
      for (let index = 1; index <= (fixture.contents ?? 0); index += 1) {
        await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: `run-${index}` }));
      }
      return { id: arn, arn };
    },
    read: (clients, region, arn) =>
      orGone(['StateMachineDoesNotExist'], async () => {
        const sfn = clients.get('sfn', region);
        const found = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
        const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
        return unprotected(`${found.status} ${(running.executions ?? []).length} running`);
      }),
  },
};
