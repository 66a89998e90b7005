import type { SeedIdFormat } from './seed-validation.js';
import { type ServicesSeed, servicesStateFromSeed } from './services/services-seed.js';
import { type SourceResourcesSeed, type SourceTimingSeed, sourceStateFromSeed } from './source/source-seed.js';
import type { FakeInstance, WorldState } from './world.js';

/** An instance to put in the fake cloud; everything but `id` has a default. */
export interface InstanceSeed {
  readonly id: string;
  readonly tags?: Record<string, string>;
  readonly name?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly state?: FakeInstance['state'];
  readonly terminationProtection?: boolean;
  readonly stopProtection?: boolean;
  /**
   * How discovery reports this instance's protection: `known` (its flags) or
   * `unknown` (not read at plan, as the AWS provider does by default: checked
   * at apply). Default: the source's `instanceProtectionAtPlan`, else `known`.
   */
  readonly protectionAtPlan?: 'known' | 'unknown';
  /** False makes this instance's tags unreadable. Default true. */
  readonly tagsReadable?: boolean;
  /** Security group ids of the instance. */
  readonly securityGroups?: readonly string[];
  /** The seeded subnet it lives in. Default: none the fake models. */
  readonly subnetId?: string;
}

/** What a fake cloud starts with. Every field has a default, so tests seed only what they care about. */
export interface FakeCloudSeed extends SourceTimingSeed {
  /** The account the credentials are in; default `111122223333`. */
  readonly accountId?: string;
  readonly accountAlias?: string | null;
  /** Default region for seeded resources; default `eu-west-1`. */
  readonly region?: string;
  /** Fake-clock start; default `2026-11-01T00:00:00Z`. */
  readonly now?: string;
  /** How long a backup job runs, in fake minutes; default 10. */
  readonly backupMinutes?: number;
  /**
   * How strictly seeded ids are checked when the cloud is created: `fake`
   * (default) refuses ids and ARNs the fake's handlers would not act on,
   * `aws` also ids not in AWS's format (`i-` and 8 or 17 hex digits…).
   * Either way a malformed account id, region or ARN is refused.
   */
  readonly idFormat?: SeedIdFormat;
  /** Seed of the fault injector's randomness; default 1. */
  readonly randomSeed?: number;
  readonly source?: SourceResourcesSeed & {
    readonly instances?: readonly InstanceSeed[];
    /**
     * How discovery reports every instance's protection unless the instance
     * says otherwise: `known` (default) or `unknown`, to test what the AWS
     * provider does by default (protection checked at apply).
     */
    readonly instanceProtectionAtPlan?: 'known' | 'unknown';
  };
  /** Metrics, DMS, Well-Architected, costs, DNS, the Azure side and the CMDB. */
  readonly services?: ServicesSeed;
}

/** Builds the initial world state from a seed. */
export function worldFromSeed(seed: FakeCloudSeed): WorldState {
  const accountId = seed.accountId ?? '111122223333';
  const region = seed.region ?? 'eu-west-1';
  const now = new Date(seed.now ?? '2026-11-01T00:00:00Z').toISOString();
  const instances: FakeInstance[] = (seed.source?.instances ?? []).map((instance) => {
    const instanceRegion = instance.region ?? region;
    const instanceAccount = instance.accountId ?? accountId;
    return {
      id: instance.id,
      arn: `arn:aws:ec2:${instanceRegion}:${instanceAccount}:instance/${instance.id}`,
      accountId: instanceAccount,
      region: instanceRegion,
      name: instance.name ?? null,
      tags: { ...instance.tags },
      tagsReadable: instance.tagsReadable ?? true,
      state: instance.state ?? 'running',
      terminationProtection: instance.terminationProtection ?? false,
      stopProtection: instance.stopProtection ?? false,
      ...((instance.protectionAtPlan ?? seed.source?.instanceProtectionAtPlan) === 'unknown'
        ? { protectionAtPlan: 'unknown' as const }
        : {}),
      securityGroupIds: [...(instance.securityGroups ?? [])],
      ...(instance.subnetId === undefined ? {} : { subnetId: instance.subnetId }),
    };
  });
  const sourceState = sourceStateFromSeed({ ...seed.source, ...seed }, { accountId, region }, now, instances);
  return {
    now,
    accountId,
    accountAlias: seed.accountAlias ?? null,
    callerArn: `arn:aws:sts::${accountId}:assumed-role/decomkit/session`,
    defaultRegion: region,
    backupMinutes: seed.backupMinutes ?? 10,
    instances,
    ...sourceState,
    backupJobs: [],
    recoveryPoints: [],
    artifacts: [],
    services: servicesStateFromSeed(seed.services, { accountId, region, now }),
    nextId: 0,
  };
}
