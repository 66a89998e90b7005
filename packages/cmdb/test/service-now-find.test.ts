import { describe, expect, it } from 'vitest';
import { ci, cmdbOn, instancesClosedAfterEach, LEGACY_CHOICES } from './support/instances.js';

const start = instancesClosedAfterEach();

/** A CI Cloud Discovery created for EC2 instance `instanceId` (its id in object_id, its ARN in correlation_id). */
function discovered(sysId: string, instanceId: string) {
  return {
    ...ci(sysId),
    object_id: instanceId,
    correlation_id: `arn:aws:ec2:eu-west-1:111122223333:instance/${instanceId}`,
  };
}

const instanceId = (index: number) => `i-0${index.toString(16).padStart(16, '0')}`;

describe('serviceNowCmdb findByCloudIds', () => {
  it('queries object_id and correlation_id with IN, 40 ids a query, only the fields it needs; exact matches, no writes', async () => {
    const cis = [
      discovered('CI-1', instanceId(1)),
      discovered('CI-44', instanceId(44)),
      { ...ci('CI-ARN'), object_id: '', correlation_id: 'arn:aws:rds:eu-west-1:111122223333:db:payments' },
      { ...ci('CI-OTHER'), object_id: instanceId(99), correlation_id: '' },
    ];
    const instance = await start(LEGACY_CHOICES, { cis });
    const asked = [
      ...Array.from({ length: 45 }, (_, index) => instanceId(index)),
      'arn:aws:rds:eu-west-1:111122223333:db:payments',
      'bad,id^with-separators',
    ];
    const found = (await cmdbOn(instance).findByCloudIds?.(asked))?._unsafeUnwrap();
    expect(found).toEqual([
      { cloudId: instanceId(1), id: 'CI-1', name: 'CI-1', status: 'Installed / Operational', retired: false },
      { cloudId: instanceId(44), id: 'CI-44', name: 'CI-44', status: 'Installed / Operational', retired: false },
      {
        cloudId: 'arn:aws:rds:eu-west-1:111122223333:db:payments',
        id: 'CI-ARN',
        name: 'CI-ARN',
        status: 'Installed / Operational',
        retired: false,
      },
    ]);
    const reads = instance.requests.filter((request) => request.table === 'cmdb_ci');
    expect(reads.map((request) => request.query.get('sysparm_query')?.replace(/IN.*$/, 'IN…'))).toEqual([
      'object_idIN…',
      'correlation_idIN…',
      'object_idIN…',
      'correlation_idIN…',
    ]);
    expect(reads.map((request) => request.query.get('sysparm_query')?.split(',').length)).toEqual([40, 40, 6, 6]);
    expect(reads.every((request) => !request.query.get('sysparm_query')?.includes('bad'))).toBe(true);
    expect(new Set(reads.map((request) => request.query.get('sysparm_fields')))).toEqual(
      new Set(['sys_id,name,sys_class_name,object_id,correlation_id,install_status,operational_status']),
    );
    expect(instance.writes()).toEqual([]);
  });

  it('a matching CI an ACL hides is AccessDenied, never "none found"', async () => {
    const instance = await start(LEGACY_CHOICES, { cis: [discovered('CI-1', instanceId(1))] });
    instance.hidden.add('CI-1');
    const found = await cmdbOn(instance).findByCloudIds?.([instanceId(1)]);
    expect(found?._unsafeUnwrapErr().code).toBe('AccessDenied');
  });
});
