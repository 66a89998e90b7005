import type { Workload } from '@decomkit/core';
import type { MutationOracle, TimeOracle } from './oracles.js';
import type { PortSubject } from './subject.js';

/**
 * Reads one resource type's fixtures outside the ports, by fixture name.
 *
 * @example
 * ```ts
 * const oracle: ResourceTypeOracle = {
 *   mutatingCalls: async () => null,
 *   advanceTime: async () => {},
 *   state: async (name) => (await sqs.getQueueAttributes(name)) ?? null,
 * };
 * ```
 */
export interface ResourceTypeOracle extends MutationOracle, TimeOracle {
  /**
   * What the service holds of the resource `name` (any JSON-comparable
   * value: a deleted resource must read null, an untouched one the same as
   * before); null when it does not exist.
   */
  state(name: string): Promise<unknown>;
  /** Whether the resource is stopped (rows with `stoppable`). */
  stopped?(name: string): Promise<boolean>;
  /** Whether the resource's deletion protection is on (rows with `protectedNames`). */
  deletionProtection?(name: string): Promise<boolean>;
  /**
   * The ARN this world gave the resource `name`, where the service picks
   * the id (an EC2 instance's `i-…`, a load balancer's suffix); null for a
   * name the world does not hold, which the row's `arnOf` names (`missing`).
   * Absent: the row's `arnOf` names every resource.
   */
  arnOf?(name: string): string | null;
  /**
   * The name discovery must report for the resource `name`, where the
   * service picks it (a distribution's domain name, a mapping's UUID); null
   * (or absent) where the fixture's name is the resource's.
   */
  nameOf?(name: string): string | null;
}

/** What a {@link ResourceTypeRow} builds: the `inventory` and `retirement` ports over a world holding the row's resources. */
export type ResourceTypeSubject = PortSubject<'inventory' | 'retirement', ResourceTypeOracle>;

/** A look-alike: a resource of the type the selector leaves out, and the tags describe must return for it. */
export interface LookAlikeFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One resource type held to {@link resourceTypeConformance}: how to build a
 * world with its resources, what the selector puts in scope, and flags for
 * what does not apply (a type that cannot be stopped, has no protection…).
 *
 * @example
 * ```ts
 * const queues: ResourceTypeRow = {
 *   type: 'AWS::SQS::Queue',
 *   create: () => seedQueues(['payments-jobs', 'archive-jobs']),
 *   arnOf: (name) => `arn:aws:sqs:eu-west-1:111122223333:${name}`,
 *   source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
 *   inScope: ['payments-jobs'],
 *   lookAlikes: [{ name: 'archive-jobs', tags: { workload: 'payments-archive' } }],
 *   missing: 'payments-missing',
 *   wrongArns: ['arn:aws:sqs:eu-west-1:111122223333:payments-jobs/extra'],
 *   deletable: 'payments-jobs',
 * };
 * ```
 */
export interface ResourceTypeRow {
  /** The type, as the inventory reports it and the retirement port lists it in `supportedTypes`. */
  readonly type: string;
  /** Builds a fresh world holding this row's resources (the fixtures named below), once per test. */
  create(): ResourceTypeSubject | Promise<ResourceTypeSubject>;
  /**
   * The ARN the service gives the resource `name`, derived from the world
   * (never asked of the provider); the oracle's `arnOf`, where it has one,
   * names the resources whose ids the service picked.
   */
  arnOf(name: string): string;
  /** The selector under test; `regions[0]` is where the row's resources live unless `elsewhere` says otherwise. */
  readonly source: Workload['source'];
  /** The resources the selector puts in scope in `source.regions[0]`: discovery returns exactly these. */
  readonly inScope: readonly string[];
  /** Resources the selector leaves out; described with exactly these tags. */
  readonly lookAlikes: readonly LookAlikeFixture[];
  /** A name no resource has: describe answers null, the handlers answer as for a gone resource. */
  readonly missing: string;
  /** ARNs that are not of this type (sub-resources, qualified ARNs, other shapes): every handler refuses them (InvalidInput). */
  readonly wrongArns: readonly string[];
  /** An in-scope resource the plain delete check deletes (unprotected, nothing in it the service refuses to lose). */
  readonly deletable?: string;
  /** The type can be stopped (`inScope[0]` is stopped, then deleted). Default false: a stop is refused (InvalidInput). */
  readonly stoppable?: boolean;
  /** In-scope resources with deletion protection: a delete is refused (Conflict) until `protection.lift`. None: the protection checks do not apply. */
  readonly protectedNames?: readonly string[];
  /**
   * The service itself refuses a protected resource's delete: the provider
   * makes the call and AWS answers (EC2's TerminateInstances answers
   * OperationNotPermitted under DisableApiTermination; reading the attribute
   * first would cost a call per instance of a batch). The refused-delete
   * check then allows that one refused call and asserts the resource is as
   * it was. Default false: the provider refuses before calling (no mutating call).
   */
  readonly protectionRefusedByService?: boolean;
  /**
   * A stop reconciles `done` for a resource the service does not know, as a
   * delete does: EC2 forgets a terminated instance after about an hour, an
   * instance that is gone is not running, and a stop re-executed after a
   * crash would fail NotFound. Default false: a stop of a missing resource
   * reconciles `absent`.
   */
  readonly goneCountsAsStopped?: boolean;
  /** In-scope resources the service refuses to delete for what they hold (a bucket with objects): Conflict, never emptied. */
  readonly refusedDeletes?: readonly string[];
  /** What deleting a resource that does not exist answers: `done` (default: gone counts as done) or the error `NotFound`. */
  readonly deleteOfMissing?: 'done' | 'NotFound';
  /**
   * The delete keeps a final snapshot named from the action key (RDS,
   * Redshift, ElastiCache): a delete whose resource is gone is reconciled by that
   * snapshot, so one of a resource that does not exist fails closed
   * (ProviderFailure): after a crash no handler can tell a resource gone
   * before its delete from one whose final snapshot was lost, and the latter
   * must not read done. Its execute, which sends nothing, still answers as
   * `deleteOfMissing` says. Default false: gone reconciles done.
   */
  readonly keepsFinalSnapshot?: boolean;
  /**
   * The type is global (IAM): its resources read region `''` and are found
   * whatever region the selector names. Default false: they read `source.regions[0]`.
   */
  readonly global?: boolean;
  /** An in-scope resource living in another region than `source.regions[0]`: found there, and only there. */
  readonly elsewhere?: { readonly name: string; readonly region: string };
}
