import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { arn, discoverAll } from './support.js';

const payments = { workload: 'payments' };
const billing = { workload: 'billing' };

function world() {
  return createFakeCloud({
    source: {
      addresses: [
        { allocationId: 'eipalloc-web', publicIp: '203.0.113.7', tags: payments },
        { allocationId: 'eipalloc-billing', publicIp: '203.0.113.8', tags: billing },
      ],
      securityGroups: [
        { id: 'sg-db', tags: payments, referencedBy: ['sg-web', 'sg-reporting'] },
        { id: 'sg-web', tags: payments },
        { id: 'sg-reporting', groupName: 'reporting', tags: billing },
      ],
    },
    services: {
      dnsZones: [{ name: 'example.com' }],
      dnsRecords: [
        { zone: 'example.com', name: 'api', type: 'A', values: ['203.0.113.7'] },
        { zone: 'example.com', name: 'billing', type: 'A', values: ['203.0.113.8'] },
      ],
    },
  });
}

describe('hidden dependencies on the fake', () => {
  it('finds the Route 53 record at an in-scope address and the outside group referencing an in-scope one, nothing else', async () => {
    const cloud = world();
    const resources = await discoverAll(cloud, { tags: payments });
    const scan = await cloud.providers.inventory.findDependents?.(resources, { recentCallerDays: 14 });
    const { dependencies, unchecked } = scan?._unsafeUnwrap() ?? { dependencies: [], unchecked: [] };
    expect(unchecked).toEqual([]);
    expect(dependencies).toEqual([
      expect.objectContaining({
        resource: arn.address('eipalloc-web'),
        check: 'dns-record',
        dependent: expect.stringMatching(/^arn:aws:route53:::hostedzone\/.+\/recordset\/api\.example\.com\.\/A$/),
        evidence: 'A api.example.com → 203.0.113.7',
      }),
      {
        resource: arn.securityGroup('sg-db'),
        check: 'security-group-rule',
        dependent: arn.securityGroup('sg-reporting'),
        evidence: 'reporting has a rule naming sg-db',
      },
    ]);
  });

  it('leaves the addresses unchecked when Route 53 cannot be read, and still reports the groups', async () => {
    const cloud = world();
    cloud.faults.inject({ service: 'route53', operation: 'ListResourceRecordSets', error: 'access-denied' });
    const resources = await discoverAll(cloud, { tags: payments });
    const scan = (
      await cloud.providers.inventory.findDependents?.(resources, { recentCallerDays: 14 })
    )?._unsafeUnwrap();
    expect(scan?.unchecked).toEqual([
      {
        check: 'dns-record',
        reason: expect.stringContaining('AccessDenied'),
        resources: [arn.address('eipalloc-web')],
      },
    ]);
    expect(scan?.dependencies.map((dependency) => dependency.check)).toEqual(['security-group-rule']);
  });
});
