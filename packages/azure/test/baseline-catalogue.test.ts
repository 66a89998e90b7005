import { describe, expect, it } from 'vitest';
import { AZURE_BASELINE_METRICS } from '../src/index.js';
import { testTarget } from './support/contract.js';

/** The types the Azure issue asks the baseline to know (App Service and Functions share Microsoft.Web/sites). */
const REQUIRED = [
  'Microsoft.Web/sites',
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/virtualMachineScaleSets',
  'Microsoft.Sql/servers/databases',
  'Microsoft.DBforPostgreSQL/flexibleServers',
  'Microsoft.DBforMySQL/flexibleServers',
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.Network/applicationGateways',
  'Microsoft.Cdn/profiles',
  'Microsoft.Network/loadBalancers',
  'Microsoft.App/containerApps',
];

describe('the Azure baseline catalogue', () => {
  it('covers every type the baseline must know, once each, and the target port serves it', () => {
    const types = AZURE_BASELINE_METRICS.map((entry) => entry.type.toLowerCase());
    expect(types.filter((type, index) => types.indexOf(type) !== index)).toEqual([]);
    expect(REQUIRED.filter((type) => !types.includes(type.toLowerCase()))).toEqual([]);
    const { ports } = testTarget({ subscriptionId: '00000000-0000-0000-0000-000000000000' });
    expect(ports.targetMetrics.baselineMetrics).toBe(AZURE_BASELINE_METRICS);
  });

  it('asks only aggregations the metrics batch API has, and says why each left-out figure is missing', () => {
    for (const entry of AZURE_BASELINE_METRICS) {
      const measures = [entry.latency, entry.requests, entry.cpu, entry.memory].filter(
        (measure) => measure !== undefined,
      );
      for (const measure of measures) expect(['Sum', 'Average', 'Maximum', 'Minimum']).toContain(measure.statistic);
      if (measures.length < 4) expect(entry.notes, entry.type).toMatch(/\w/);
      // Percentiles come from Log Analytics request durations, which are in milliseconds whatever the metric's unit.
      if (entry.latency?.percentiles === true)
        expect(entry.latency.percentileScale ?? entry.latency.scale ?? 1).toBe(1);
    }
  });
});
