import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { AwsClients } from '@decomkit/aws';
import { type ConformanceTarget, runProviderConformance } from '@decomkit/conformance';
import type { Action, ActionHandler, DnsPort } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { describe, it } from 'vitest';
import { awsCostsPort } from '../src/ports/costs-port.js';
import { awsDnsPort } from '../src/ports/dns-port.js';
import { awsSourceMetricsPort } from '../src/ports/metrics-port.js';
import { awsReplicationPort } from '../src/ports/replication-port.js';
import { fakeCostExplorerApi } from './support/cost-explorer-double.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  withOwnMoto,
} from './support/moto.js';
import {
  dmsClientWithEpochDates,
  putMetric,
  replicationStatus,
  route53Ttl,
  type SeededTask,
  seedRecord,
  seedReplicationTask,
} from './support/moto-services.js';
import {
  completedBackupsOf,
  instanceState,
  type SeededInstance,
  seedInstance,
  terminationProtection,
} from './support/moto-world.js';

withOwnMoto();

/**
 * The AWS `sourceMetrics`, `replication`, `costs` and `dns` ports held to the
 * conformance suite. The world is seeded with the SDK on moto_server
 * (instances, CloudWatch datapoints, DMS tasks with their CDCLatencyTarget,
 * Route 53 zones and record sets); the oracle reads moto with its own clients.
 *
 * Not on moto, and said so:
 * - Cost Explorer: moto tracks no cost (it replays queued answers whatever the
 *   filter), so the `costs` group runs on a stateful aws-sdk-client-mock double
 *   (support/cost-explorer-double.ts) that filters the world's costs by tag and period.
 * - DMS: moto writes its task dates as ISO strings where AWS's JSON has epoch
 *   seconds; the DMS client rewrites only those (support/moto-services.ts).
 * - The world's Azure DNS record is not Route 53's: the AWS port refuses it
 *   (InvalidInput), so the `dns` port here routes `provider: 'azure'` records
 *   to the fake's Azure DNS (standing in for the Azure provider) and every other
 *   record to the AWS port under test.
 */
function portsOnMoto(name: string, capabilities: ConformanceTarget['capabilities']): ConformanceTarget {
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
            keepRootVolume: true,
          }),
        );
      }
      const instance = (instanceName: string): SeededInstance => {
        const found = seeded.get(instanceName);
        if (found === undefined) throw new Error(`no instance named ${instanceName} in the world`);
        return found;
      };
      for (const metric of world.metrics ?? []) {
        if (metric.side !== 'source') continue;
        const target = instance(metric.resource);
        await putMetric(oracleClients, target.region, {
          namespace: metric.namespace ?? 'AWS/EC2',
          name: metric.metric,
          dimension: { Name: 'InstanceId', Value: target.id },
          points: metric.points,
        });
      }
      const tasks = new Map<string, SeededTask>();
      for (const task of world.replicationTasks ?? []) {
        tasks.set(
          task.name,
          await seedReplicationTask(oracleClients, {
            region: world.region,
            name: task.name,
            tags: task.tags,
            lagSeconds: task.lagSeconds,
          }),
        );
      }
      const task = (taskName: string): SeededTask => {
        const found = tasks.get(taskName);
        if (found === undefined) throw new Error(`no replication task named ${taskName} in the world`);
        return found;
      };
      const route53Records = (world.dnsRecords ?? []).filter((record) => record.provider !== 'azure');
      for (const record of route53Records) await seedRecord(oracleClients, record);
      const azure = createFakeCloud({
        services: {
          dnsRecords: (world.dnsRecords ?? [])
            .filter((record) => record.provider === 'azure')
            .map((record) => ({ ...record, values: [...record.values] })),
        },
      });

      const costexplorer = new CostExplorerClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
      fakeCostExplorerApi(costexplorer, world.costs ?? []);
      const clients = new AwsClients({
        endpoint: motoEndpoint(),
        credentials: TEST_CREDENTIALS,
        pollMilliseconds: 10,
        clients: {
          costexplorer,
          dms: (region) => dmsClientWithEpochDates(region),
          cloudwatch: (region) =>
            new CloudWatchClient({ region, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS }),
        },
      });
      const route53 = awsDnsPort(clients, world.region);
      const setTtlOf = (action: Action): ActionHandler => {
        const handler = (action.params.provider === 'azure' ? azure.providers.dns : route53).handlers?.['dns.setTtl'];
        if (handler === undefined) throw new Error('no dns.setTtl handler');
        return handler;
      };
      const dns: DnsPort = {
        specificationVersion: PORT_SPECIFICATION_VERSION,
        getRecord: (record) =>
          record.provider === 'azure' ? azure.providers.dns.getRecord(record) : route53.getRecord(record),
        handlers: {
          'dns.setTtl': {
            execute: (action, context) => setTtlOf(action).execute(action, context),
            reconcile: (action, context) => setTtlOf(action).reconcile(action, context),
            poll: (action, checkpoint, context) => {
              const poll = setTtlOf(action).poll;
              if (poll === undefined) throw new Error('no dns.setTtl poll');
              return poll(action, checkpoint, context);
            },
          },
        },
      };
      return {
        providers: {
          sourceMetrics: awsSourceMetricsPort(clients, world.region),
          replication: awsReplicationPort(clients, world.region),
          costs: awsCostsPort(clients, world.region),
          dns,
        },
        oracle: {
          arnOf: (instanceName) => instance(instanceName).arn,
          instanceState: (instanceName) => instanceState(oracleClients, instance(instanceName)),
          terminationProtection: (instanceName) => terminationProtection(oracleClients, instance(instanceName)),
          completedBackups: (instanceName) => completedBackupsOf(oracleClients, instance(instanceName)),
          mutatingCalls: async () => (await mutatingRequests()).length,
          advanceTime: async () => {},
          replicationArnOf: (taskName) => task(taskName).arn,
          replicationStatus: (taskName) => replicationStatus(task(taskName)),
          dnsTtl: async (record) =>
            record.provider === 'azure'
              ? (azure.target.dnsRecord({ zone: record.zone, name: record.name, type: record.type })?.ttl ?? null)
              : route53Ttl(oracleClients, record),
        },
      };
    },
  };
}

runProviderConformance(
  { describe, it },
  portsOnMoto('@decomkit/aws sourceMetrics, replication, costs and dns on moto_server', {
    sourceMetrics: true,
    replication: true,
    costs: true,
    dns: true,
  }),
);
