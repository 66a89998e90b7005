/**
 * A fleet of workloads on moto_server for the Temporal tests: what the test
 * process (seeding, planning, checking) and the worker processes (the engine
 * of each run) must agree on: the workload of an id, its checklist, and the
 * engine over moto with a file journal every process reaches.
 */
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { type AwsClientOverrides, AwsClients, awsSource, type MiddlewareStackClient } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  type Engine,
  fileJournal,
  finalBackups,
  retireResources,
  verified,
  type Workload,
} from '@decomkit/core';
import { MOTO_ACCOUNT_ID } from '../../../aws/test/support/moto-server.js';

/** The region of the fleet's instances. */
export const MOTO_FLEET_REGION = 'eu-west-1';

/** The account moto answers as (its `MOTO_ACCOUNT_ID`): every workload's account. */
export const MOTO_FLEET_ACCOUNT = MOTO_ACCOUNT_ID;

/** Dummy credentials: moto accepts any, and no real account can be reached with them. */
export const MOTO_FLEET_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

/** The cutover, given: the tests are about the runner, not the traffic checks. */
const cutoverGiven = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Cutover (given)',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('given'),
});

/**
 * The workload `id`: the instances tagged `workload=<id>` in the fleet's
 * account and region, sunset dates in the past (no run waits on a date),
 * instances retired without a backup of their own (`backup: 'none'`: moto
 * has no AWS Backup), protection never lifted.
 */
export function motoFleetWorkload(id: string): Workload {
  return defineWorkload({
    id,
    source: { accountId: MOTO_FLEET_ACCOUNT, regions: [MOTO_FLEET_REGION], select: { tags: { workload: id } } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: [`rg-${id}`] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
    policies: { 'AWS::EC2::Instance': { backup: 'none' } },
  })._unsafeUnwrap();
}

/** The checklist of a fleet workload: cutover (given), final backups, retire resources. */
export function motoFleetChecklist(workload: Workload) {
  return createChecklist(workload, [cutoverGiven, finalBackups, retireResources]);
}

/** Where a fleet engine works. */
export interface MotoFleetEngineOptions {
  readonly endpoint: string;
  /** The journal directory every process of the fleet shares. */
  readonly journalDirectory: string;
  readonly leaseTimeoutMilliseconds: number;
  /** Pre-built clients (a worker's slowed ones); built from the endpoint when absent. */
  readonly clients?: AwsClientOverrides;
}

/** The engine of a fleet workload's run: awsSource on moto, the shared file journal. */
export function motoFleetEngine(workload: Workload, options: MotoFleetEngineOptions): Engine {
  const providers = awsSource({
    region: MOTO_FLEET_REGION,
    endpoint: options.endpoint,
    credentials: MOTO_FLEET_CREDENTIALS,
    backups: { defaultMethod: 'native', awsBackup: false },
    pollMilliseconds: 20,
    ...(options.clients === undefined ? {} : { clients: options.clients }),
  });
  return createEngine({
    checklist: motoFleetChecklist(workload),
    providers,
    journal: fileJournal(options.journalDirectory, { leaseTimeoutMilliseconds: options.leaseTimeoutMilliseconds }),
  })._unsafeUnwrap();
}

/** Seeds `instances` EC2 instances tagged `workload=<id>` for each workload id; their ids by workload. */
export async function seedMotoFleet(
  endpoint: string,
  workloadIds: readonly string[],
  instances: number,
): Promise<Map<string, string[]>> {
  const ec2 = new AwsClients({ endpoint, credentials: MOTO_FLEET_CREDENTIALS, maxAttempts: 1 }).get(
    'ec2',
    MOTO_FLEET_REGION,
  );
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images?.[0]?.ImageId;
  if (image === undefined) throw new Error(`moto has no public image in ${MOTO_FLEET_REGION}`);
  const seeded = new Map<string, string[]>();
  for (const id of workloadIds) {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: image,
        InstanceType: 't3.micro',
        MinCount: instances,
        MaxCount: instances,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'workload', Value: id }] }],
      }),
    );
    seeded.set(
      id,
      (run.Instances ?? []).map((instance) => instance.InstanceId ?? ''),
    );
  }
  return seeded;
}

/**
 * EC2 clients on moto whose StopInstances waits `holdMilliseconds` before it
 * is sent and whose TerminateInstances answer is held as long after moto
 * carried it out: a slow network, so that a worker killed mid-action is
 * caught with an intent journaled and its call either not yet made (a stop)
 * or made and not yet journaled (a terminate).
 */
export function heldEc2Clients(endpoint: string, holdMilliseconds: number): AwsClientOverrides {
  const clients = new AwsClients({ endpoint, credentials: MOTO_FLEET_CREDENTIALS });
  const held = new WeakSet<object>();
  const pause = () => new Promise((resolve) => setTimeout(resolve, holdMilliseconds));
  return {
    ec2: (region: string) => {
      const client = clients.get('ec2', region);
      if (!held.has(client)) {
        held.add(client);
        (client as unknown as MiddlewareStackClient).middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'StopInstancesCommand') await pause();
            const output = await next(args);
            if (context.commandName === 'TerminateInstancesCommand') await pause();
            return output;
          },
          { step: 'finalizeRequest', priority: 'low', name: 'decomkitTestHeldCalls' },
        );
      }
      return client;
    },
  };
}
