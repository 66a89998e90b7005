import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeBackupJob, FakeRecoveryPoint, FakeWorld, WorldState } from '../world.js';
import { awsError } from './aws-errors.js';
import { inheritEncryption } from './kms.js';
import { resourceIdentityOf } from './resource-identity.js';

/** What StartBackupJob takes. */
export interface StartBackupJobInput {
  readonly resourceArn: string;
  readonly vault: string;
  readonly idempotencyToken?: string;
  readonly retainDays: number;
  readonly tags?: Record<string, string>;
}

/**
 * The fake AWS Backup API. Jobs run for the world's `backupMinutes` of fake
 * time, then complete with a recovery point. The same idempotency token
 * returns the same job, as AWS does. Supported resources, as in AWS: EC2
 * instances, EBS volumes, RDS DB instances and Aurora clusters (an Aurora
 * member instance is backed up through its cluster), DynamoDB tables and S3
 * buckets; any other type (a Lambda function…) is `InvalidParameterValueException`.
 */
export class FakeBackup {
  constructor(private readonly world: FakeWorld) {}

  startBackupJob(input: StartBackupJobInput): ResultAsync<FakeBackupJob, DecomError> {
    return this.world.call('backup', 'StartBackupJob', true, input.resourceArn, () => {
      this.completeDueJobs();
      const state = this.world.state;
      const existing =
        input.idempotencyToken === undefined
          ? undefined
          : state.backupJobs.find((job) => job.idempotencyToken === input.idempotencyToken);
      if (existing !== undefined) return ok(structuredClone(existing));
      const resourceType = backupResourceType(state, input.resourceArn);
      if (resourceType.isErr()) return err(resourceType.error);
      const startedAt = this.world.clock.now();
      const job: FakeBackupJob = {
        id: this.world.newId('job-'),
        resourceArn: input.resourceArn,
        vault: input.vault,
        idempotencyToken: input.idempotencyToken ?? null,
        state: 'RUNNING',
        startedAt: startedAt.toISOString(),
        completesAt: new Date(startedAt.getTime() + state.backupMinutes * 60_000).toISOString(),
        retainDays: input.retainDays,
        tags: { ...input.tags },
        recoveryPointArn: null,
        resourceType: resourceType.value,
        resourceIdentity: resourceIdentityOf(state, input.resourceArn),
      };
      state.backupJobs.push(job);
      return ok(structuredClone(job));
    });
  }

  describeBackupJob(jobId: string): ResultAsync<FakeBackupJob, DecomError> {
    return this.world.call('backup', 'DescribeBackupJob', false, jobId, () => {
      this.completeDueJobs();
      const job = this.world.state.backupJobs.find((candidate) => candidate.id === jobId);
      return job === undefined
        ? err(decomError.notFound({ message: `ResourceNotFoundException: backup job ${jobId}`, resource: jobId }))
        : ok(structuredClone(job));
    });
  }

  listBackupJobs(filter: {
    readonly idempotencyToken?: string;
    readonly resourceArn?: string;
  }): ResultAsync<FakeBackupJob[], DecomError> {
    return this.world.call('backup', 'ListBackupJobs', false, filter.resourceArn ?? null, () => {
      this.completeDueJobs();
      return ok(
        this.world.state.backupJobs
          .filter((job) => filter.idempotencyToken === undefined || job.idempotencyToken === filter.idempotencyToken)
          .filter((job) => filter.resourceArn === undefined || job.resourceArn === filter.resourceArn)
          .map((job) => structuredClone(job)),
      );
    });
  }

  listRecoveryPointsByResource(resourceArn: string): ResultAsync<FakeRecoveryPoint[], DecomError> {
    return this.world.call('backup', 'ListRecoveryPointsByResource', false, resourceArn, () => {
      this.completeDueJobs();
      return ok(
        this.world.state.recoveryPoints
          .filter((point) => point.resourceArn === resourceArn)
          .map((point) => structuredClone(point)),
      );
    });
  }

  private completeDueJobs(): void {
    const state = this.world.state;
    const now = this.world.clock.now().getTime();
    for (const job of state.backupJobs) {
      if (job.state !== 'RUNNING' || Date.parse(job.completesAt) > now) continue;
      const arn = `arn:aws:backup:${state.defaultRegion}:${state.accountId}:recovery-point:${this.world.newId('rp-')}`;
      job.state = 'COMPLETED';
      job.recoveryPointArn = arn;
      inheritEncryption(state, job.resourceArn, arn);
      state.recoveryPoints.push({
        arn,
        resourceArn: job.resourceArn,
        vault: job.vault,
        status: 'COMPLETED',
        createdAt: job.completesAt,
        retainUntil: new Date(Date.parse(job.completesAt) + job.retainDays * 86_400_000).toISOString(),
        tags: { ...job.tags },
        resourceIdentity: job.resourceIdentity,
      });
    }
    // The vault's lifecycle deletes a recovery point when its retention ends.
    state.recoveryPoints = state.recoveryPoints.filter((point) => Date.parse(point.retainUntil) > now);
  }

  /** DeleteRecoveryPoint: what an operator (or a vault lock expiring) does; `ResourceNotFoundException` when absent. */
  deleteRecoveryPoint(recoveryPointArn: string): ResultAsync<{ recoveryPointArn: string }, DecomError> {
    return this.world.call('backup', 'DeleteRecoveryPoint', true, recoveryPointArn, () => {
      this.completeDueJobs();
      const state = this.world.state;
      const before = state.recoveryPoints.length;
      state.recoveryPoints = state.recoveryPoints.filter((point) => point.arn !== recoveryPointArn);
      return state.recoveryPoints.length < before
        ? ok({ recoveryPointArn })
        : err(
            decomError.notFound({
              message: `ResourceNotFoundException: recovery point ${recoveryPointArn}`,
              resource: recoveryPointArn,
            }),
          );
    });
  }

  /**
   * Test control: the running job `jobId` fails (as AWS fails a job whose
   * resource is busy or whose role lacks a permission). No effect on a job
   * that already ended.
   */
  failJob(jobId: string): void {
    this.completeDueJobs();
    const job = this.world.state.backupJobs.find((candidate) => candidate.id === jobId);
    if (job?.state === 'RUNNING') job.state = 'FAILED';
  }
}

/** The AWS Backup resource type of a live resource, or why it cannot be backed up. */
export function backupResourceType(state: WorldState, arn: string): Result<string, DecomError> {
  const missing = () =>
    err(decomError.notFound({ message: `ResourceNotFoundException: ${arn} does not exist`, resource: arn }));
  const [, , service, , , rest = ''] = arn.split(':');
  if (service === 'ec2') {
    if (rest.startsWith('instance/')) {
      const instance = state.instances.find((candidate) => candidate.arn === arn);
      return instance === undefined || instance.state === 'terminated' ? missing() : ok('EC2');
    }
    if (rest.startsWith('volume/')) return state.volumes.some((volume) => volume.arn === arn) ? ok('EBS') : missing();
  }
  if (service === 'rds') {
    const instance = state.dbInstances.find((candidate) => candidate.arn === arn);
    if (instance !== undefined) {
      if (instance.status === 'deleting') return missing();
      return instance.clusterId === null
        ? ok('RDS')
        : err(
            awsError.invalid(
              'InvalidParameterValueException',
              `${arn} is a member of Aurora cluster ${instance.clusterId}: back up the cluster`,
              'ResourceArn',
            ),
          );
    }
    const cluster = state.dbClusters.find((candidate) => candidate.arn === arn);
    if (cluster !== undefined) return cluster.status === 'deleting' ? missing() : ok('Aurora');
    if (/:(db|cluster):/.test(arn)) return missing();
  }
  if (service === 'dynamodb' && rest.startsWith('table/')) {
    const table = state.tables.find((candidate) => candidate.arn === arn);
    return table === undefined || table.status === 'DELETING' ? missing() : ok('DynamoDB');
  }
  if (service === 's3') return state.buckets.some((bucket) => bucket.arn === arn) ? ok('S3') : missing();
  if (service === 'elasticfilesystem')
    return state.fileSystems.some((system) => system.arn === arn) ? ok('EFS') : missing();
  if (service === 'redshift')
    return state.warehouses.some((cluster) => cluster.arn === arn) ? ok('Redshift') : missing();
  return err(
    awsError.invalid(
      'InvalidParameterValueException',
      `AWS Backup does not support the resource type of ${arn}`,
      'ResourceArn',
    ),
  );
}
