import type {
  AdvisorPort,
  ArtifactsPort,
  AssessmentPort,
  CmdbPort,
  CostsPort,
  DnsPort,
  MetricsPort,
  ReplicationPort,
  TargetResourcesPort,
} from '@decomkit/core';
import { FakeCmdb } from '../cmdb/cmdb.js';
import { fakeAdvisorPort } from '../providers/advisor-port.js';
import { fakeArtifactsPort } from '../providers/artifacts-port.js';
import { fakeAssessmentPort } from '../providers/assessment-port.js';
import { fakeCmdbPort } from '../providers/cmdb-port.js';
import { fakeCostsPort } from '../providers/costs-port.js';
import { fakeDnsPort } from '../providers/dns-port.js';
import { fakeSourceMetricsPort, fakeTargetMetricsPort } from '../providers/metrics-ports.js';
import { fakeReplicationPort } from '../providers/replication-port.js';
import { fakeTargetResourcesPort } from '../providers/target-resources-port.js';
import { FakeCloudWatch } from '../source/cloudwatch.js';
import { FakeCostExplorer } from '../source/cost-explorer.js';
import { FakeDms } from '../source/dms.js';
import { FakeRoute53 } from '../source/route53.js';
import { FakeWellArchitected } from '../source/well-architected.js';
import { FakeAdvisor } from '../target/advisor.js';
import { FakeArtifactStore } from '../target/artifact-store.js';
import { FakeAzureDns } from '../target/azure-dns.js';
import { FakeAzureMonitor } from '../target/monitor.js';
import { FakeResourceGraph } from '../target/resource-graph.js';
import type { FakeWorld } from '../world.js';

/**
 * The fake's non-resource service APIs (CloudWatch, DMS, Well-Architected,
 * Cost Explorer, Route 53; Azure Monitor, Resource Graph, Azure DNS, Advisor;
 * the CMDB and the artifact store), for tests that drive them directly. Every
 * call goes through the fault injector and the call log.
 */
export interface FakeServiceApis {
  readonly cloudWatch: FakeCloudWatch;
  readonly dms: FakeDms;
  readonly wellArchitected: FakeWellArchitected;
  readonly costExplorer: FakeCostExplorer;
  readonly route53: FakeRoute53;
  readonly monitor: FakeAzureMonitor;
  readonly resourceGraph: FakeResourceGraph;
  readonly azureDns: FakeAzureDns;
  readonly advisor: FakeAdvisor;
  readonly cmdb: FakeCmdb;
  readonly artifactStore: FakeArtifactStore;
}

/** The ports over those services. */
export interface FakeServicePorts {
  readonly sourceMetrics: MetricsPort;
  readonly replication: ReplicationPort;
  readonly assessment: AssessmentPort;
  readonly costs: CostsPort;
  readonly dns: DnsPort;
  readonly targetResources: TargetResourcesPort;
  readonly targetMetrics: MetricsPort;
  readonly advisor: AdvisorPort;
  readonly cmdb: CmdbPort;
  readonly artifacts: ArtifactsPort;
}

/** Builds the service APIs and their ports over one world. */
export function createFakeServices(world: FakeWorld): { apis: FakeServiceApis; ports: FakeServicePorts } {
  const apis: FakeServiceApis = {
    cloudWatch: new FakeCloudWatch(world),
    dms: new FakeDms(world),
    wellArchitected: new FakeWellArchitected(world),
    costExplorer: new FakeCostExplorer(world),
    route53: new FakeRoute53(world),
    monitor: new FakeAzureMonitor(world),
    resourceGraph: new FakeResourceGraph(world),
    azureDns: new FakeAzureDns(world),
    advisor: new FakeAdvisor(world),
    cmdb: new FakeCmdb(world),
    artifactStore: new FakeArtifactStore(world),
  };
  const ports: FakeServicePorts = {
    sourceMetrics: fakeSourceMetricsPort(apis.cloudWatch),
    replication: fakeReplicationPort(apis.dms),
    assessment: fakeAssessmentPort(apis.wellArchitected),
    costs: fakeCostsPort(apis.costExplorer),
    dns: fakeDnsPort({ route53: apis.route53, azureDns: apis.azureDns }),
    targetResources: fakeTargetResourcesPort(apis.resourceGraph),
    targetMetrics: fakeTargetMetricsPort(apis.monitor),
    advisor: fakeAdvisorPort(apis.advisor),
    cmdb: fakeCmdbPort(apis.cmdb),
    artifacts: fakeArtifactsPort(apis.artifactStore),
  };
  return { apis, ports };
}
