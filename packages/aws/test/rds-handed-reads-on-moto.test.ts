import { AwsClients } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { RDS_DB_INSTANCE } from '../src/resources/rds-db-instance.js';
import {
  motoClients,
  motoEndpoint,
  type RecordedRequest,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { fleetEngine, seedFleet } from './support/moto-fleet.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor } from './support/retirement-harness.js';

withOwnMoto();

/** The RDS identifiers a recorded request names (its `DBInstanceIdentifier`, or the values of its filters). */
function databasesNamed(request: RecordedRequest): string[] {
  const form = new URLSearchParams(request.body);
  return [...form.entries()]
    .filter(([name]) => name === 'DBInstanceIdentifier' || /^Filters\.Filter\.\d+\.Values\./.test(name))
    .map(([, value]) => value);
}

const MUTATING = new Set(['StopDBInstance', 'DeleteDBInstance', 'ModifyDBInstance']);

/**
 * For each stop and delete of `database` after the plan, the DescribeDBInstances that named it since the plan
 * or its previous mutating call.
 */
function readsBeforeEachCall(requests: readonly RecordedRequest[], database: string): Map<string, number[]> {
  const reads = new Map<string, number[]>();
  let since = 0;
  for (const request of requests) {
    if (!databasesNamed(request).includes(database)) continue;
    if (request.action === 'DescribeDBInstances') since += 1;
    else if (MUTATING.has(request.action ?? '')) {
      reads.set(request.action ?? '', [...(reads.get(request.action ?? '') ?? []), since]);
      since = 0;
    }
  }
  return reads;
}

describe('the RDS handlers act on the engine’s re-read, on moto_server', () => {
  beforeEach(resetMoto);

  it('reads each database exactly once between the plan and each stop, and between the stop and the delete', async () => {
    const fleet = await seedFleet(motoClients(), { instances: 1, databases: 6 });
    const engine = fleetEngine();
    const plan = (await engine.plan())._unsafeUnwrap();
    const before = (await recordedRequests()).length;
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    const applied = (await recordedRequests()).slice(before);
    // The apply begins with its check for resources new since the plan (a discovery: the tagging API's page,
    // then one describe of every database it names); the actions come after it.
    const tagging = applied.findIndex((request) => request.action === 'GetResources');
    const drift = applied.findIndex((request) => request.action === 'DescribeDBInstances');
    expect(tagging).toBeGreaterThanOrEqual(0);
    expect(drift).toBeGreaterThan(tagging);
    expect(databasesNamed(applied[drift] as RecordedRequest).sort()).toEqual([...fleet.databaseIds].sort());
    expect(applied.slice(0, drift).some((request) => MUTATING.has(request.action ?? ''))).toBe(false);
    for (const database of fleet.databaseIds) {
      const reads = readsBeforeEachCall(applied.slice(drift + 1), database);
      // Once, not zero times (the cloud is read after the plan, just before acting), and not twice (the
      // handler takes the engine's re-read over instead of reading the database again a moment later).
      expect(reads.get('StopDBInstance'), database).toEqual([1]);
      expect(reads.get('DeleteDBInstance'), database).toEqual([1]);
    }
  });

  it('a handler called with no re-read before it reads the database itself before it acts', async () => {
    const fleet = await seedFleet(motoClients(), { instances: 1, databases: 1 });
    const database = fleet.databaseIds[0] ?? '';
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const stop = actionOn(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:${database}`, 'resource.stop');
    const before = (await recordedRequests()).length;
    const stopped = await RDS_DB_INSTANCE.handlers(clients)['resource.stop'].execute(stop, contextFor(stop));
    expect(stopped.isOk()).toBe(true);
    const sent = (await recordedRequests()).slice(before);
    expect(readsBeforeEachCall(sent, database).get('StopDBInstance')).toEqual([1]);
  });

  it('a read handed over is taken once: a second execute reads the cloud again', async () => {
    const fleet = await seedFleet(motoClients(), { instances: 1, databases: 1 });
    const database = fleet.databaseIds[0] ?? '';
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    // The engine's re-read, as the inventory port makes it.
    const scopes = await RDS_DB_INSTANCE.describeScopes?.(clients, place, [database]);
    expect(scopes?._unsafeUnwrap().map((scope) => scope.state)).toEqual(['available']);
    const stop = actionOn(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:${database}`, 'resource.stop');
    const handlers = RDS_DB_INSTANCE.handlers(clients);
    const before = (await recordedRequests()).length;
    expect((await handlers['resource.stop'].execute(stop, contextFor(stop))).isOk()).toBe(true);
    expect((await handlers['resource.stop'].execute(stop, contextFor(stop))).isOk()).toBe(true);
    const sent = (await recordedRequests()).slice(before);
    // First: the handed read, no describe of its own. Second (a retry): a read of its own.
    const describes = sent.filter((request) => request.action === 'DescribeDBInstances');
    expect(describes).toHaveLength(1);
    expect(sent.findIndex((request) => request.action === 'StopDBInstance')).toBeLessThan(
      sent.findIndex((request) => request.action === 'DescribeDBInstances'),
    );
    expect(clients.freshReads.size).toBe(0);
  });

  it('a re-read that no longer finds a database forgets what an earlier read handed over', async () => {
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    clients.freshReads.hand(RDS_DB_INSTANCE.type, TEST_REGION, 'gone-db', { DBInstanceIdentifier: 'gone-db' });
    const scopes = await RDS_DB_INSTANCE.describeScopes?.(clients, place, ['gone-db']);
    expect(scopes?._unsafeUnwrap()).toEqual([]);
    expect(clients.freshReads.take(RDS_DB_INSTANCE.type, TEST_REGION, 'gone-db')).toBeUndefined();
    const remove = actionOn(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:gone-db`, 'resource.delete');
    const removed = await RDS_DB_INSTANCE.handlers(clients)['resource.delete'].execute(remove, contextFor(remove));
    expect(removed._unsafeUnwrapErr().code).toBe('NotFound');
  });
});
