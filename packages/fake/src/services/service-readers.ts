import { settleReplicationTasks } from '../source/dms.js';
import type { FakeArtifact, FakeWorld } from '../world.js';
import { recordOf } from './dns-names.js';
import type {
  FakeAdvisorRecommendation,
  FakeAzureResource,
  FakeConfigurationItem,
  FakeDnsRecord,
  FakeMetricSeries,
  FakeReplicationTask,
  FakeScheduledReview,
  FakeWellArchitectedWorkload,
} from './services-state.js';

/** A record set's address for the readers; provider defaults as noted on each reader. */
export interface DnsRecordAddress {
  readonly provider?: FakeDnsRecord['provider'];
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

/** Readers of the source side's services (copies: changing them changes nothing). */
export interface SourceServiceReaders {
  /** The DMS task with that ARN, or null. */
  replicationTask(arn: string): FakeReplicationTask | null;
  /** The Well-Architected workload with that id or name (with its milestones), or null. */
  wellArchitectedWorkload(idOrName: string): FakeWellArchitectedWorkload | null;
  /** The CloudWatch series of a resource's metric, or null. */
  metricSeries(resource: string, metric: string): FakeMetricSeries | null;
}

/** Readers of the Azure side. */
export interface TargetReaders {
  /** Every seeded Azure resource. */
  azureResources(): FakeAzureResource[];
  /** The Azure Monitor series of a resource's metric, or null. */
  metricSeries(resource: string, metric: string): FakeMetricSeries | null;
  /** The record set in Azure DNS (provider defaults to `azure`), or null. */
  dnsRecord(address: DnsRecordAddress): FakeDnsRecord | null;
  /** Advisor's recommendations. */
  advisorRecommendations(): FakeAdvisorRecommendation[];
}

/** Readers of DNS on either side. */
export interface DnsReaders {
  /** The record set (provider defaults to `route53`, like the port), or null. */
  record(address: DnsRecordAddress): FakeDnsRecord | null;
}

/** Readers of the CMDB. */
export interface CmdbReaders {
  /** The CI with that id; throws when there is none (test helper). */
  item(id: string): FakeConfigurationItem;
  /** Scheduled reviews. */
  reviews(): FakeScheduledReview[];
  /** The instance's install_status choices. */
  statusChoices(): { value: string; label: string }[];
}

/** A stored artifact with its bytes decoded. */
export interface StoredArtifact extends FakeArtifact {
  readonly bytes: Uint8Array;
  /** The body as UTF-8 text. */
  readonly text: string;
}

/** Readers of the artifact store. */
export interface ArtifactReaders {
  /** The artifact named `name`, or null. */
  get(name: string): StoredArtifact | null;
  /** Names of every stored artifact. */
  names(): string[];
}

/** The readers of the non-resource services over one world. */
export function serviceReaders(world: FakeWorld): {
  source: SourceServiceReaders;
  target: TargetReaders;
  dns: DnsReaders;
  cmdb: CmdbReaders;
  artifacts: ArtifactReaders;
} {
  const services = () => world.state.services;
  const copy = <T>(value: T | undefined): T | null => (value === undefined ? null : structuredClone(value));
  const series = (all: FakeMetricSeries[], resource: string, metric: string) =>
    copy(all.find((candidate) => candidate.resource === resource && candidate.metric === metric));
  const dnsRecord = (address: DnsRecordAddress, provider: FakeDnsRecord['provider']) =>
    copy(recordOf(services(), address.provider ?? provider, address.zone, address.name, address.type));
  return {
    source: {
      replicationTask: (arn) => {
        settleReplicationTasks(services(), world.nowIso());
        return copy(services().replicationTasks.find((task) => task.arn === arn));
      },
      wellArchitectedWorkload: (idOrName) =>
        copy(services().wellArchitected.find((workload) => workload.id === idOrName || workload.name === idOrName)),
      metricSeries: (resource, metric) => series(services().metrics, resource, metric),
    },
    target: {
      azureResources: () => structuredClone(services().azureResources),
      metricSeries: (resource, metric) => series(services().azureMetrics, resource, metric),
      dnsRecord: (address) => dnsRecord(address, 'azure'),
      advisorRecommendations: () => structuredClone(services().advisor),
    },
    dns: { record: (address) => dnsRecord(address, 'route53') },
    cmdb: {
      item(id) {
        const item = services().cmdb.items.find((candidate) => candidate.id === id);
        if (item === undefined) throw new Error(`the fake CMDB has no configuration item ${id}`);
        return structuredClone(item);
      },
      reviews: () => structuredClone(services().cmdb.reviews),
      statusChoices: () => services().cmdb.statusChoices.map((choice) => ({ ...choice })),
    },
    artifacts: {
      get(name) {
        const artifact = world.state.artifacts.find((candidate) => candidate.name === name);
        if (artifact === undefined) return null;
        const bytes = new Uint8Array(Buffer.from(artifact.base64, 'base64'));
        return { ...artifact, bytes, text: new TextDecoder().decode(bytes) };
      },
      names: () => world.state.artifacts.map((artifact) => artifact.name),
    },
  };
}
