import { BackupClient } from '@aws-sdk/client-backup';
import { type AwsBackupOptions, awsSource } from '@decomkit/aws';
import { type ConformanceTarget, runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { fakeBackupApi } from './support/backup-api-double.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  withOwnMoto,
} from './support/moto.js';
import {
  completedBackupsOf,
  instanceState,
  type SeededInstance,
  seedInstance,
  terminationProtection,
} from './support/moto-world.js';

withOwnMoto();

/**
 * @decomkit/aws held to the conformance suite on moto_server. The world is
 * seeded with the SDK, and the oracle reads moto with its own SDK clients
 * and moto's request recorder, never through the provider under test.
 */
function awsOnMoto(
  name: string,
  capabilities: ConformanceTarget['capabilities'],
  setup: { readonly keepRootVolumes: boolean; readonly backups?: AwsBackupOptions; readonly backupDouble?: boolean },
): ConformanceTarget {
  return {
    name,
    capabilities,
    async create(world) {
      await resetMoto();
      const oracleClients = motoClients();
      const seeded = new Map<string, SeededInstance>();
      for (const instance of world.instances ?? []) {
        seeded.set(
          instance.name,
          await seedInstance(oracleClients, {
            region: instance.region ?? world.region,
            tags: instance.tags,
            terminationProtection: instance.terminationProtection ?? false,
            keepRootVolume: setup.keepRootVolumes,
          }),
        );
      }
      const instance = (name: string): SeededInstance => {
        const found = seeded.get(name);
        if (found === undefined) throw new Error(`no instance named ${name} in the world`);
        return found;
      };
      // moto has no AWS Backup jobs: with `backupDouble`, the Backup client is the stateful double
      // (aws-sdk-client-mock); every other client talks to moto.
      const backupClient = new BackupClient({ region: world.region, credentials: TEST_CREDENTIALS });
      const double = setup.backupDouble === true ? fakeBackupApi(backupClient) : null;
      const providers = awsSource({
        region: world.region,
        endpoint: motoEndpoint(),
        credentials: TEST_CREDENTIALS,
        ...(double === null ? {} : { clients: { backup: backupClient } }),
        ...(setup.backups === undefined ? {} : { backups: setup.backups }),
      });
      return {
        providers,
        oracle: {
          arnOf: (name) => instance(name).arn,
          instanceState: (name) => instanceState(oracleClients, instance(name)),
          terminationProtection: (name) => terminationProtection(oracleClients, instance(name)),
          completedBackups: async (name) =>
            double === null
              ? completedBackupsOf(oracleClients, instance(name))
              : double.jobs.filter(
                  (entry) => entry.job.ResourceArn === instance(name).arn && entry.job.State === 'COMPLETED',
                ).length,
          mutatingCalls: async () => (await mutatingRequests()).length,
          advanceTime: async () => {},
        },
      };
    },
  };
}

// Instances keep the untagged DeleteOnTermination root volume moto attaches, as launched instances do on AWS:
// it is part of its instance and goes with it (the provider kit's unplannedVolumes).
runProviderConformance(
  { describe, it },
  awsOnMoto(
    '@decomkit/aws on moto_server',
    { identity: true, inventory: true, retirement: true },
    { keepRootVolumes: true },
  ),
);

// moto has no AWS Backup jobs: the backups group runs on native EBS snapshots of the root volumes here,
// and the AWS Backup path is tested against aws-sdk-client-mock (backups-aws-backup.test.ts).
runProviderConformance(
  { describe, it },
  awsOnMoto(
    '@decomkit/aws on moto_server, native snapshots',
    { backups: true },
    { keepRootVolumes: true, backups: { defaultMethod: 'native', awsBackup: false } },
  ),
);

// The backups group on the AWS Backup path: EC2 on moto, AWS Backup on the stateful double.
runProviderConformance(
  { describe, it },
  awsOnMoto(
    '@decomkit/aws on moto_server, AWS Backup on aws-sdk-client-mock',
    { backups: true },
    { keepRootVolumes: false, backupDouble: true },
  ),
);
