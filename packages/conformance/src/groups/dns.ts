import { assert, okValue } from '../assertions.js';
import { serviceAction } from '../fixtures.js';
import type { DnsOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { DNS_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { DnsWorld } from '../world-fixtures.js';

/**
 * What {@link dnsConformance} builds: the `dns` port and an oracle reading TTLs outside it.
 *
 * @example
 * ```ts
 * dnsConformance({ describe, it }, async (world): Promise<DnsSubject> => build(world));
 * ```
 */
export type DnsSubject = PortSubject<'dns', DnsOracle>;

/**
 * The `dns` port: record sets read, TTLs set and read back (Route 53 and
 * Azure DNS records alike). The factory seeds the world's record sets only.
 *
 * @example
 * ```ts
 * dnsConformance({ describe, it }, async (world) => {
 *   const zones = await seedZones(world.dnsRecords);
 *   return { dns: myDns(zones), oracle: { dnsTtl: (record) => zones.ttlOf(record) } };
 * });
 * ```
 */
export function dnsConformance(runner: ConformanceRunner, create: SubjectFactory<DnsWorld, DnsSubject>): void {
  runner.describe('dns', () => {
    runner.it('reads each record set, sets its TTL, reconciles by reading it back, and finds no missing one', () =>
      withSubject(create, DNS_WORLD, async (subject) => {
        const { dns } = subject;
        const setTtl = dns.handlers?.['dns.setTtl'];
        assert.ok(setTtl, 'handler dns.setTtl');
        for (const record of DNS_WORLD.dnsRecords) {
          const current = okValue(await dns.getRecord(record), 'getRecord');
          assert.equal(current?.ttl, record.ttl);
          const action = serviceAction('dns.setTtl', `${record.name}.${record.zone}/${record.type}`, {
            ...record,
            values: [...record.values],
            provider: record.provider ?? 'route53',
            ttl: 3600,
          });
          const context = contextOf(subject, action);
          assert.equal(okValue(await setTtl.reconcile(action, context), 'reconcile before').status, 'absent');
          assert.equal(okValue(await setTtl.execute(action, context), 'setTtl').status, 'done');
          assert.equal(await subject.oracle.dnsTtl(record), 3600);
          assert.equal(okValue(await setTtl.reconcile(action, context), 'reconcile after').status, 'done');
        }
        assert.equal(
          okValue(await dns.getRecord({ zone: 'example.com', name: 'nothing-here', type: 'A' }), 'getRecord missing'),
          null,
        );
      }),
    );
  });
}
