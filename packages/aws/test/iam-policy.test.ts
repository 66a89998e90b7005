import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AWS_RESOURCE_TYPES,
  type AwsResourceType,
  awsIamPolicy,
  EC2_INSTANCE,
  type IamPolicyDocument,
  SQS_QUEUE,
} from '@decomkit/aws';
import { defineWorkload, type Plan } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { AWS_BACKUP_READS, NATIVE_BACKUP_GRANTS, NATIVE_BACKUP_READS } from '../src/backups/backup-permissions.js';
import { DEPENDENT_READS } from '../src/dependents/find-dependents.js';
import { ASSESSMENT_EXPORT_ACTIONS, ASSESSMENT_READS } from '../src/ports/assessment-port.js';
import { CONFIG_INVENTORY_READS } from '../src/ports/config-inventory-port.js';
import { COSTS_READS } from '../src/ports/costs-port.js';
import { DNS_READS, DNS_SET_TTL_ACTIONS } from '../src/ports/dns-port.js';
import { IDENTITY_READS } from '../src/ports/identity-port.js';
import { INVENTORY_READS } from '../src/ports/inventory-port.js';
import { METRICS_READS } from '../src/ports/metrics-port.js';
import { REPLICATION_READS, REPLICATION_STOP_ACTIONS } from '../src/ports/replication-port.js';
import { iamActionsOf } from './support/iam-action-names.js';

const ACCOUNT = '111122223333';
const INSTANCE = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
const OTHER_INSTANCE = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0fedcba9876543210`;
const DATABASE = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:payments-db`;
const STACK = `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/payments/8d3f0e20-0000-11ef-9c1a-0a1b2c3d4e5f`;

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: ACCOUNT, regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
})._unsafeUnwrap();

function action(kind: string, arn: string | undefined, params: Record<string, unknown> = {}, resourceType?: string) {
  const target = { ref: arn ?? kind, ...(arn === undefined ? {} : { arn }), ...(resourceType ? { resourceType } : {}) };
  return { key: `step:${kind}:${arn}`, step: 'step', item: 'retire', kind, target, params, gates: [], dependsOn: [] };
}

function planOf(actions: readonly ReturnType<typeof action>[]): Plan {
  const step = { id: 'step', item: 'retire', title: 'step', needs: [], after: [], actions, findings: [] };
  return {
    schemaVersion: 1,
    createdAt: '2026-12-06T00:00:00.000Z',
    workload,
    caller: null,
    steps: [step],
    inventory: [],
    hash: '',
  } as unknown as Plan;
}

function statementWith(policy: IamPolicyDocument, iamAction: string) {
  return policy.Statement.filter((statement) => statement !== policy.Statement[0]).find((statement) =>
    statement.Action.includes(iamAction),
  );
}

/** Every IAM action anything in the package declares. */
function declaredActions(): Set<string> {
  const types: AwsResourceType[] = [...AWS_RESOURCE_TYPES, SQS_QUEUE];
  const grants = types.flatMap((type) => [
    ...(type.iam?.stop ?? []),
    ...(type.iam?.lift ?? []),
    ...(type.iam?.delete ?? []),
  ]);
  return new Set([
    ...types.flatMap((type) => type.iam?.read ?? []),
    ...grants.flatMap((grant) => grant.actions),
    ...Object.values(NATIVE_BACKUP_GRANTS).flatMap((native) => native.flatMap((grant) => grant.actions)),
    ...['backup:StartBackupJob', 'backup:TagResource', 'iam:PassRole'],
    ...AWS_BACKUP_READS,
    ...NATIVE_BACKUP_READS,
    ...DEPENDENT_READS,
    ...IDENTITY_READS,
    ...INVENTORY_READS,
    ...METRICS_READS,
    ...CONFIG_INVENTORY_READS,
    ...COSTS_READS,
    ...REPLICATION_READS,
    ...REPLICATION_STOP_ACTIONS,
    ...ASSESSMENT_READS,
    ...ASSESSMENT_EXPORT_ACTIONS,
    ...DNS_READS,
    ...DNS_SET_TTL_ACTIONS,
  ]);
}

/** Every SDK command (and paginator) each source file imports, with its client package. */
function sdkCalls(): { file: string; clientPackage: string; operation: string }[] {
  const root = fileURLToPath(new URL('../src', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return files.flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)].flatMap((match) =>
      (match[1] ?? '')
        .split(',')
        .map((name) => name.trim().replace(/^type\s+/, ''))
        .flatMap((name) => {
          const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
          return operation === undefined ? [] : [{ file, clientPackage: match[2] ?? '', operation }];
        }),
    );
  });
}

describe('the IAM permissions declared beside the calls', () => {
  it('are declared by every resource type of the package', () => {
    const types = [...AWS_RESOURCE_TYPES, SQS_QUEUE];
    expect(types.filter((type) => type.iam === undefined).map((type) => type.type)).toEqual([]);
    expect(types.every((type) => (type.iam?.delete.length ?? 0) > 0)).toBe(true);
  });

  it('name every SDK command the source sends: a new call without its permission fails here', () => {
    const declared = declaredActions();
    const calls = sdkCalls();
    expect(calls.length).toBeGreaterThan(150);
    const missing = calls.flatMap(({ file, clientPackage, operation }) =>
      iamActionsOf(clientPackage, operation)
        .filter((iamAction) => !declared.has(iamAction))
        .map((iamAction) => `${file}: ${operation} needs ${iamAction}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('awsIamPolicy', () => {
  it('scopes each planned action to its target, reads on "*", and grants nothing unplanned', () => {
    const plan = planOf([
      action('resource.stop', INSTANCE, {}, 'AWS::EC2::Instance'),
      action('resource.delete', INSTANCE, {}, 'AWS::EC2::Instance'),
      action('protection.lift', DATABASE, {}, 'AWS::RDS::DBInstance'),
      action('resource.delete', DATABASE, {}, 'AWS::RDS::DBInstance'),
    ]);
    const policy = awsIamPolicy(plan)._unsafeUnwrap();
    expect(policy.Version).toBe('2012-10-17');
    expect(new Set(policy.Statement.map((statement) => statement.Sid)).size).toBe(policy.Statement.length);
    const [reads] = policy.Statement;
    expect(reads).toMatchObject({ Sid: 'DecomkitReads', Effect: 'Allow', Resource: '*' });
    expect(reads?.Action).toEqual(
      expect.arrayContaining(['tag:GetResources', 'ec2:DescribeInstances', 'sts:GetCallerIdentity']),
    );
    expect(reads?.Action.some((name) => /:(Delete|Terminate|Stop|Modify|Create)/.test(name))).toBe(false);
    expect(statementWith(policy, 'ec2:TerminateInstances')?.Resource).toEqual([INSTANCE]);
    expect(statementWith(policy, 'ec2:StopInstances')?.Resource).toEqual([INSTANCE]);
    expect(statementWith(policy, 'rds:ModifyDBInstance')?.Resource).toEqual([DATABASE]);
    expect(statementWith(policy, 'rds:DeleteDBInstance')?.Resource).toEqual([
      DATABASE,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:decomkit-*`,
    ]);
    const mutating = policy.Statement.slice(1).flatMap((statement) => statement.Action);
    expect(mutating.sort()).toEqual(
      [
        'ec2:StopInstances',
        'ec2:TerminateInstances',
        'rds:ModifyDBInstance',
        'rds:DeleteDBInstance',
        'rds:CreateDBSnapshot',
        'rds:AddTagsToResource',
      ].sort(),
    );
  });

  it('backs up with AWS Backup (vault, PassRole on its role) by default, natively when asked', () => {
    const backup = action('backup.create', INSTANCE, { vault: 'decom-archive' }, 'AWS::EC2::Instance');
    const byAwsBackup = awsIamPolicy(planOf([backup]))._unsafeUnwrap();
    expect(statementWith(byAwsBackup, 'backup:StartBackupJob')?.Resource).toEqual([
      `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:decom-archive`,
    ]);
    expect(statementWith(byAwsBackup, 'iam:PassRole')?.Resource).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
    ]);
    const native = awsIamPolicy(planOf([backup]), { backups: { defaultMethod: 'native' } })._unsafeUnwrap();
    expect(statementWith(native, 'backup:StartBackupJob')).toBeUndefined();
    expect(statementWith(native, 'ec2:CreateSnapshots')?.Resource).toEqual([
      INSTANCE,
      `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/*`,
      'arn:aws:ec2:eu-west-1::snapshot/*',
    ]);
  });

  it("grants a stack's delete its members' deletes: CloudFormation deletes them as the caller", () => {
    const plan = planOf([
      action('resource.delete', STACK, { dependentArns: [OTHER_INSTANCE] }, 'AWS::CloudFormation::Stack'),
    ]);
    const policy = awsIamPolicy(plan)._unsafeUnwrap();
    expect(statementWith(policy, 'cloudformation:DeleteStack')?.Resource).toEqual([STACK]);
    expect(statementWith(policy, 'ec2:TerminateInstances')?.Resource).toEqual([OTHER_INSTANCE]);
  });

  it('scopes a TTL change to its hosted zone and a replication stop to its task', () => {
    const task = `arn:aws:dms:eu-west-1:${ACCOUNT}:task:ABCDEFGHIJ`;
    const policy = awsIamPolicy(
      planOf([
        action('dns.setTtl', undefined, {
          zone: 'Z08520173M0DI8UWB1OFI',
          name: 'www',
          type: 'A',
          ttl: 300,
          fromTtl: 60,
        }),
        { ...action('replication.stop', undefined), target: { ref: task } },
        action('cmdb.retire', undefined, { ciId: 'ci-1', azureCiIds: [] }),
      ]),
    )._unsafeUnwrap();
    expect(statementWith(policy, 'route53:ChangeResourceRecordSets')?.Resource).toEqual([
      'arn:aws:route53:::hostedzone/Z08520173M0DI8UWB1OFI',
    ]);
    expect(statementWith(policy, 'dms:StopReplicationTask')?.Resource).toEqual([task]);
  });

  it('fails closed, naming the action, on what it cannot derive', () => {
    const unknownType = awsIamPolicy(planOf([action('resource.delete', DATABASE, {}, 'AWS::RDS::DBInstance')]), {
      resourceTypes: [EC2_INSTANCE],
    });
    expect(unknownType._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining(`step:resource.delete:${DATABASE}`),
    });
    const { iam: _iam, ...withoutPermissions } = EC2_INSTANCE;
    const undeclared = awsIamPolicy(planOf([]), { resourceTypes: [withoutPermissions as AwsResourceType] });
    expect(undeclared._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('AWS::EC2::Instance'),
    });
    const noArn = awsIamPolicy(planOf([action('resource.delete', undefined)]));
    expect(noArn._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('no ARN'),
    });
    const unknownKind = awsIamPolicy(planOf([action('queue.purge', INSTANCE)]));
    expect(unknownKind._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('queue.purge'),
    });
  });
});
