import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, oracleMethod, STANDARD_WORLD, serviceAction } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `dns` port: record sets read, TTLs set and read back (Route 53 and Azure DNS records alike). */
export function dnsGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('dns', () => {
    runner.it('reads each record set, sets its TTL, reconciles by reading it back, and finds no missing one', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const dns = portOf(subject, 'dns');
        const setTtl = dns.handlers?.['dns.setTtl'];
        assert.ok(setTtl, 'handler dns.setTtl');
        for (const record of STANDARD_WORLD.dnsRecords ?? []) {
          const current = okValue(await dns.getRecord(record), 'getRecord');
          assert.equal(current?.ttl, record.ttl);
          const action = serviceAction('dns.setTtl', `${record.name}.${record.zone}/${record.type}`, {
            ...record,
            values: [...record.values],
            provider: record.provider ?? 'route53',
            ttl: 3600,
          });
          const context = handlerContext(subject.providers, action);
          assert.equal(okValue(await setTtl.reconcile(action, context), 'reconcile before').status, 'absent');
          assert.equal(okValue(await setTtl.execute(action, context), 'setTtl').status, 'done');
          assert.equal(await oracleMethod(subject.oracle, 'dnsTtl')(record), 3600);
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
