import { DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { type AwsClients, awsSource } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  type Engine,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { motoEndpoint, TEST_CREDENTIALS, TEST_REGION } from './moto.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** The tag value of the fleet's resources (`workload=fleet`). */
const FLEET = 'fleet';

/** What {@link seedFleet} made: the instance ids and DB instance identifiers. */
export interface SeededFleet {
  readonly instanceIds: readonly string[];
  readonly databaseIds: readonly string[];
}

/**
 * Seeds `instances` EC2 instances (one RunInstances, moto's root volumes kept:
 * untagged and deleted on termination, so part of their instance) and
 * `databases` RDS DB instances, all tagged `workload=fleet`.
 */
export async function seedFleet(
  clients: AwsClients,
  counts: { readonly instances: number; readonly databases?: number },
): Promise<SeededFleet> {
  const ec2 = clients.get('ec2', TEST_REGION);
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
  if (image === undefined) throw new Error(`moto has no public image in ${TEST_REGION}`);
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: image,
      InstanceType: 't3.micro',
      MinCount: counts.instances,
      MaxCount: counts.instances,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workload', Value: FLEET }] }],
    }),
  );
  const rds = clients.get('rds', TEST_REGION);
  const databaseIds = Array.from({ length: counts.databases ?? 0 }, (_, index) => `fleet-db-${index}`);
  for (const identifier of databaseIds) {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: identifier,
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        AllocatedStorage: 20,
        MasterUsername: 'fleet',
        MasterUserPassword: 'not-a-secret-1',
        Tags: [{ Key: 'workload', Value: FLEET }],
      }),
    );
  }
  return { instanceIds: (run.Instances ?? []).map((instance) => instance.InstanceId ?? ''), databaseIds };
}

/** The state of each instance moto knows, by id. */
export async function instanceStates(clients: AwsClients): Promise<Map<string, string>> {
  const found = await clients.get('ec2', TEST_REGION).send(new DescribeInstancesCommand({}));
  return new Map(
    (found.Reservations ?? []).flatMap((reservation) =>
      (reservation.Instances ?? []).map((instance) => [instance.InstanceId ?? '', instance.State?.Name ?? ''] as const),
    ),
  );
}

const cutoverGiven = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Cutover (given)',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('given'),
});

/**
 * An engine that retires the `workload=fleet` resources on this file's moto
 * (final backups and retire-resources; no backup of the instances and
 * databases themselves: RDS still keeps its final snapshot; no protection lifted),
 * polling long waits every `pollMilliseconds` (20 unless given).
 */
export function fleetEngine(pollMilliseconds = 20): Engine {
  const workload = defineWorkload({
    id: FLEET,
    source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: FLEET } } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-fleet'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
    policies: { 'AWS::EC2::Instance': { backup: 'none' }, 'AWS::RDS::DBInstance': { backup: 'none' } },
  })._unsafeUnwrap();
  const providers = awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    backups: { defaultMethod: 'native', awsBackup: false },
    pollMilliseconds,
  });
  return createEngine({
    checklist: createChecklist(workload, [cutoverGiven, finalBackups, retireResources]),
    providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
}
