import type { BackupsPort, ConfigInventoryPort, IdentityPort, InventoryPort, RetirementPort } from '@decomkit/core';
import { CallLog } from './call-log.js';
import { FakeClock } from './fake-clock.js';
import type { FakeInputError } from './fake-input-error.js';
import { Faults } from './faults.js';
import { fakeBackupsPort } from './providers/backups-port.js';
import { fakeConfigInventoryPort } from './providers/config-inventory-port.js';
import { fakeFindDependents } from './providers/hidden-dependents.js';
import { fakeIdentityPort } from './providers/identity-port.js';
import { fakeInventoryPort } from './providers/inventory-port.js';
import { fakeResourceKinds } from './providers/resource-kinds.js';
import { fakeRetirementPort } from './providers/retirement-port.js';
import { seededRandom } from './random.js';
import { type FakeCloudSeed, worldFromSeed } from './seed.js';
import { refuseSeedIssues, type SeedIdFormat, seedIssues } from './seed-validation.js';
import { createFakeServices, type FakeServiceApis, type FakeServicePorts } from './services/fake-services.js';
import {
  type ArtifactReaders,
  type CmdbReaders,
  type DnsReaders,
  type SourceServiceReaders,
  serviceReaders,
  type TargetReaders,
} from './services/service-readers.js';
import { withBucketTableFunctionDefaults } from './source/bucket-table-function-seed.js';
import { withCloudFormationDefaults } from './source/cloudformation-seed.js';
import { withContainerStreamDefaults } from './source/container-stream-seed.js';
import { withDataStoreDefaults } from './source/data-store-seed.js';
import { withEdgeComputeDefaults } from './source/edge-compute-seed.js';
import { withKmsIamDefaults } from './source/kms-iam-seed.js';
import { withMonitoringDefaults } from './source/monitoring-seed.js';
import type { SourceReaders, SourceServices } from './source/source-services.js';
import { createSourceServices, sourceReaders } from './source/source-services.js';
import { FakeSts } from './source/sts.js';
import { withVpcNetworkDefaults } from './source/vpc-network-seed.js';
import { type FakeBackupJob, type FakeInstance, type FakeRecoveryPoint, FakeWorld, type WorldState } from './world.js';
import { type WorldEdits, worldEdits } from './world-edits.js';

/** The ports the fake cloud supplies; spread into `createEngine({ providers })`. */
export interface FakeProviders extends FakeServicePorts {
  readonly identity: IdentityPort;
  readonly inventory: InventoryPort;
  readonly retirement: RetirementPort;
  readonly backups: BackupsPort;
  readonly configInventory: ConfigInventoryPort;
  readonly clock: FakeClock;
}

/** An in-memory cloud for testing decomkit automation. */
export interface FakeCloud {
  /** Every port this fake implements. */
  readonly providers: FakeProviders;
  /** The fake clock: `set` it to a sunset date, `advance` it. */
  readonly clock: FakeClock;
  /** Every call the ports made, mutating ones marked. */
  readonly calls: CallLog;
  /**
   * Faults: `on('ec2:TerminateInstances')` stubs one operation (`failOnce`,
   * `failTimes`, `fail`, `delay`, `timeoutOnce`, `partial`, `lag`, `reset`);
   * `inject(rule)` throttles, fails or slows many operations at once.
   */
  readonly faults: Faults;
  /** Change the world mid-test, as someone at the console would: tags, states, protection. */
  readonly edit: WorldEdits;
  /**
   * The fake AWS source APIs themselves (EC2, EBS, Auto Scaling, ELBv2, RDS,
   * S3, DynamoDB, Lambda, Config, tagging…), for tests that exercise AWS's rules directly. Every
   * call goes through the fault injector and the call log, like the ports' calls.
   */
  readonly aws: SourceServices;
  /**
   * The fake's other service APIs (CloudWatch, DMS, Well-Architected, Cost
   * Explorer, Route 53, Azure Monitor, Resource Graph, Azure DNS, Advisor, the
   * CMDB, the artifact store), e.g. `cloud.services.cloudWatch.putMetricData(…)`.
   */
  readonly services: FakeServiceApis;
  /** Read the Azure side's state: resources, metrics, Azure DNS records, Advisor. */
  readonly target: TargetReaders;
  /** Read DNS record sets of either provider (`cloud.dns.record({ zone, name, type })`). */
  readonly dns: DnsReaders;
  /** Read the CMDB: `cloud.cmdb.item('CI0042').status`. */
  readonly cmdb: CmdbReaders;
  /** Read the artifact store: `cloud.artifacts.get(name)?.text`. */
  readonly artifacts: ArtifactReaders;
  /** Read the source side's state. */
  readonly source: SourceReaders &
    SourceServiceReaders & {
      /** The instance `id`; throws if the fake has no such instance (test helper). */
      instance(id: string): FakeInstance;
      instances(): readonly FakeInstance[];
      backupJobs(): readonly FakeBackupJob[];
      recoveryPoints(): readonly FakeRecoveryPoint[];
    };
  /** The whole world as JSON, to save and later pass to `restoreFakeCloud`. */
  snapshot(): WorldState;
  /** Back to the seed: state, calls and faults; the clock keeps running forward. */
  reset(): void;
}

/**
 * Creates a fake cloud from a seed. The way to test your own decomkit
 * automation without an AWS account. The seed is checked as it is planted:
 * a malformed account id, region, ARN or id throws a {@link FakeInputError}
 * naming the field and the value.
 *
 * The example retires one instance with three standard steps; as they hold
 * every deletion until the cutover is verified, it seeds what proves the
 * cutover: the instance idle on CloudWatch, the Azure app serving requests.
 *
 * @example
 * ```ts
 * const subscriptionId = '00000000-0000-4000-8000-000000000000';
 * const app = `/subscriptions/${subscriptionId}/resourceGroups/rg-payments/providers/Microsoft.Web/sites/payments`;
 * const hourly = (value: number) =>
 *   Array.from({ length: 72 }, (_, hour) => ({ at: new Date(Date.parse('2026-12-16') - (hour + 1) * 3_600_000).toISOString(), value }));
 * const cloud = createFakeCloud({
 *   source: { instances: [{ id: 'i-0a1b2c3d4e5f60001', tags: { workload: 'payments' } }] },
 *   services: {
 *     metrics: [{ resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60001', namespace: 'AWS/EC2', metric: 'NetworkIn', points: hourly(0) }],
 *     azureResources: [{ id: app, name: 'payments', type: 'microsoft.web/sites', location: 'westeurope', subscriptionId, resourceGroup: 'rg-payments', tags: {} }],
 *     azureMetrics: [{ resource: app, namespace: null, metric: 'Requests', points: hourly(900) }],
 *   },
 * });
 * const workload = defineWorkload({
 *   id: 'payments',
 *   source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
 *   target: { subscriptionId, resourceGroups: ['rg-payments'] },
 *   sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
 *   backups: { vault: 'decom-archive', retainDays: 365 },
 * })._unsafeUnwrap();
 * const checklist = createChecklist(workload, [confirmCutoverTraffic, finalBackups, retireResources]);
 * const engine = createEngine({ checklist, providers: cloud.providers, journal: memoryJournal() })._unsafeUnwrap();
 * const plan = (await engine.plan())._unsafeUnwrap();
 * cloud.clock.set('2026-12-16T00:00:00Z'); // past the delete date
 * await engine.apply(plan, { approve: () => true });
 * expect(cloud.source.instance('i-0a1b2c3d4e5f60001').state).toBe('terminated');
 * ```
 */
export function createFakeCloud(seed: FakeCloudSeed = {}): FakeCloud {
  return buildCloud(worldFromSeed(seed), seed.randomSeed ?? 1, () => worldFromSeed(seed), seed.idFormat ?? 'fake');
}

/** Recreates a fake cloud from a `snapshot()` (for example in another process). */
export function restoreFakeCloud(snapshot: WorldState, randomSeed = 1): FakeCloud {
  const complete = withCloudFormationDefaults(
    withVpcNetworkDefaults(
      withKmsIamDefaults(
        withEdgeComputeDefaults(
          withDataStoreDefaults(
            withMonitoringDefaults(withContainerStreamDefaults(withBucketTableFunctionDefaults(snapshot))),
          ),
        ),
      ),
    ),
  );
  return buildCloud(structuredClone(complete), randomSeed, () => structuredClone(complete));
}

function buildCloud(
  initial: WorldState,
  randomSeed: number,
  fresh: () => WorldState,
  idFormat: SeedIdFormat | null = null,
): FakeCloud {
  const clock = new FakeClock(initial.now);
  const calls = new CallLog();
  const faults = new Faults(seededRandom(randomSeed));
  const world = new FakeWorld(initial, clock, calls, faults);
  const services = createSourceServices(world);
  const backup = services.backup;
  const sts = new FakeSts(world);
  const kinds = fakeResourceKinds(services, () => world.state.accountId);
  // A seed is checked as it is planted: a malformed id or ARN is refused here, not skipped at plan or apply.
  if (idFormat !== null) refuseSeedIssues(seedIssues(initial, kinds, idFormat));
  const extra = createFakeServices(world);
  const readers = serviceReaders(world);
  const providers: FakeProviders = {
    identity: fakeIdentityPort(sts),
    inventory: fakeInventoryPort(kinds, fakeFindDependents(world)),
    retirement: fakeRetirementPort(kinds),
    backups: fakeBackupsPort({
      backup,
      ebs: services.ebs,
      rdsSnapshots: services.rdsSnapshots,
      dynamodb: services.dynamodb,
    }),
    configInventory: fakeConfigInventoryPort(services.config),
    ...extra.ports,
    clock,
  };
  return {
    providers,
    clock,
    calls,
    faults,
    edit: worldEdits(world),
    aws: services,
    services: extra.apis,
    target: readers.target,
    dns: readers.dns,
    cmdb: readers.cmdb,
    artifacts: readers.artifacts,
    source: {
      ...sourceReaders(world),
      ...readers.source,
      instance(id) {
        const instance = world.state.instances.find((candidate) => candidate.id === id);
        if (instance === undefined) throw new Error(`the fake cloud has no instance ${id}`);
        return structuredClone(instance);
      },
      instances: () => structuredClone(world.state.instances),
      backupJobs: () => structuredClone(world.state.backupJobs),
      recoveryPoints: () => structuredClone(world.state.recoveryPoints),
    },
    snapshot: () => ({ ...structuredClone(world.state), now: clock.now().toISOString() }),
    reset() {
      world.state = fresh();
      world.forgetLag();
      calls.clear();
      faults.clear();
    },
  };
}
