import { type Action, type DecomError, decomError, err, ok, type Plan, type Result } from '@decomkit/core';
import { type BackupPermissionOptions, backupGrants, backupReads } from '../backups/backup-permissions.js';
import { DEPENDENT_READS } from '../dependents/find-dependents.js';
import { ASSESSMENT_EXPORT_ACTIONS, ASSESSMENT_READS } from '../ports/assessment-port.js';
import { CONFIG_INVENTORY_READS } from '../ports/config-inventory-port.js';
import { COSTS_READS } from '../ports/costs-port.js';
import { DNS_READS, DNS_SET_TTL_ACTIONS, hostedZoneArnOf } from '../ports/dns-port.js';
import { IDENTITY_READS } from '../ports/identity-port.js';
import { INVENTORY_READS } from '../ports/inventory-port.js';
import { METRICS_READS } from '../ports/metrics-port.js';
import { REPLICATION_READS, REPLICATION_STOP_ACTIONS } from '../ports/replication-port.js';
import type { AwsResourceType } from '../resources/resource-type.js';
import { AWS_RESOURCE_TYPES } from '../resources/resource-types.js';
import type { IamGrant } from './iam-grant.js';
import type { IamPolicyDocument, IamPolicyStatement } from './iam-policy-document.js';

/** Options of {@link awsIamPolicy}: the same choices as the `awsSource` the plan is applied with. */
export interface AwsIamPolicyOptions {
  /** The resource types of the source (discovery reads every one): {@link AWS_RESOURCE_TYPES} by default. */
  readonly resourceTypes?: readonly AwsResourceType[];
  /** How the `backups` port backs up (`awsSource({ backups })`). */
  readonly backups?: BackupPermissionOptions;
}

/** Action kinds no AWS port carries out (the CMDB's, Azure's artifacts): they need no AWS permission. */
const NOT_AWS_KINDS: ReadonlySet<string> = new Set(['cmdb.retire', 'cmdb.notify', 'review.schedule', 'artifact.put']);

/** The reads every run makes, port by port (identity, discovery, hidden dependencies, verification, backups' waits). */
function portReads(options: AwsIamPolicyOptions): readonly string[] {
  return [
    ...IDENTITY_READS,
    ...INVENTORY_READS,
    ...DEPENDENT_READS,
    ...METRICS_READS,
    ...CONFIG_INVENTORY_READS,
    ...COSTS_READS,
    ...REPLICATION_READS,
    ...ASSESSMENT_READS,
    ...DNS_READS,
    ...backupReads(options.backups).flatMap((grant) => grant.actions),
  ];
}

/**
 * The least-privilege IAM policy that exactly a plan's reads and actions
 * need, derived from the permissions each resource type and port declares
 * beside its calls: one statement of reads on `"*"` (Describe*, List* and
 * the verification APIs have no resource-level permissions, and discovery
 * reads every type of the source), and the mutating actions grouped by the
 * resources they are scoped to: the planned ARNs where the API has
 * resource-level permissions (an instance's StopInstances and
 * TerminateInstances, a DB instance's DeleteDBInstance), patterns derived
 * from them for what an action creates (the `decomkit-*` snapshots).
 *
 * Fails closed with `InvalidInput` naming the action: an action of an AWS
 * kind whose target's type is not among `resourceTypes`, a type that
 * declares no `iam`, a kind no port declares.
 *
 * @example
 * ```ts
 * import { awsIamPolicy } from '@decomkit/aws';
 * const policy = awsIamPolicy(plan, { backups: { defaultMethod: 'native' } });
 * if (policy.isOk()) console.log(JSON.stringify(policy.value, null, 2));
 * ```
 */
export function awsIamPolicy(plan: Plan, options: AwsIamPolicyOptions = {}): Result<IamPolicyDocument, DecomError> {
  const types = options.resourceTypes ?? AWS_RESOURCE_TYPES;
  const undeclared = types.filter((type) => type.iam === undefined).map((type) => type.type);
  if (undeclared.length > 0)
    return err(
      decomError.invalidInput(
        `resource types without IAM permissions: ${undeclared.join(', ')} (declare \`iam\` in their definitions)`,
      ),
    );
  const reads = new Set([...portReads(options), ...types.flatMap((type) => type.iam?.read ?? [])]);
  const scoped = new Map<string, Set<string>>(); // IAM action → resources
  const grant = (grants: readonly IamGrant[], arn: string) => {
    for (const { actions, resources } of grants) {
      const names = resources === '*' ? ['*'] : resources === 'target' ? [arn] : resources(arn);
      for (const action of actions) {
        const known = scoped.get(action) ?? new Set<string>();
        for (const name of names) known.add(name);
        scoped.set(action, known);
      }
    }
  };
  for (const action of plan.steps.flatMap((step) => step.actions)) {
    const granted = grantsOf(action, plan, types, options);
    if (granted.isErr()) return err(granted.error);
    for (const [grants, arn] of granted.value) grant(grants, arn);
  }
  return ok({ Version: '2012-10-17', Statement: [readStatement(reads), ...scopedStatements(scoped)] });
}

type Granted = readonly (readonly [readonly IamGrant[], string])[];

function grantsOf(
  action: Action,
  plan: Plan,
  types: readonly AwsResourceType[],
  options: AwsIamPolicyOptions,
): Result<Granted, DecomError> {
  const arn = action.target.arn ?? '';
  const refuse = (why: string) => err(decomError.invalidInput(`${action.key}: ${why}`));
  switch (action.kind) {
    case 'resource.stop':
    case 'resource.delete':
    case 'protection.lift': {
      if (arn === '') return refuse('its target names no ARN');
      const type = typeOf(types, action.target.resourceType, arn);
      if (type === null) return refuse(`no resource type of the source retires ${action.target.resourceType ?? arn}`);
      const declared = type.iam;
      if (declared === undefined) return refuse(`${type.type} declares no IAM permissions`);
      const own =
        action.kind === 'resource.stop'
          ? declared.stop
          : action.kind === 'protection.lift'
            ? declared.lift
            : declared.delete;
      // A kind the type does not declare is refused by its handler before any call: it needs no permission.
      const granted: (readonly [readonly IamGrant[], string])[] = own === undefined ? [] : [[own, arn]];
      if (action.kind === 'resource.delete' && declared.deleteTakesDependents === true) {
        const dependents = Array.isArray(action.params.dependentArns) ? action.params.dependentArns : [];
        for (const dependent of dependents) {
          if (typeof dependent !== 'string') return refuse('dependentArns holds a value that is not an ARN');
          const dependentType = typeOf(types, undefined, dependent);
          if (dependentType?.iam === undefined) return refuse(`no resource type of the source deletes ${dependent}`);
          granted.push([dependentType.iam.delete, dependent]);
        }
      }
      return ok(granted);
    }
    case 'backup.create': {
      if (arn === '') return refuse('its target names no ARN');
      const grants = backupGrants(action, options.backups);
      // Without a backup method for the type, the handler refuses the action before any call.
      return ok(grants === null ? [] : [[grants, arn]]);
    }
    case 'dns.setTtl': {
      if (action.params.provider === 'azure') return ok([]);
      const zone = typeof action.params.zone === 'string' ? action.params.zone : '';
      return ok([[[{ actions: DNS_SET_TTL_ACTIONS, resources: () => [hostedZoneArnOf(zone)] }], arn]]);
    }
    case 'replication.stop': {
      // A DMS task is no inventory resource: its ARN is the target's reference.
      const task = action.target.arn ?? action.target.ref;
      if (!task.startsWith('arn:')) return refuse('replication.stop names no task ARN');
      return ok([[[{ actions: REPLICATION_STOP_ACTIONS, resources: 'target' }], task]]);
    }
    case 'assessment.export': {
      const workloadId = typeof action.params.workloadId === 'string' ? action.params.workloadId : '*';
      const region = action.target.region ?? plan.workload.source.regions[0] ?? '*';
      const account = action.target.accountId ?? plan.workload.source.accountId;
      const workloadArn = `arn:aws:wellarchitected:${region}:${account}:workload/${workloadId}`;
      return ok([[[{ actions: ASSESSMENT_EXPORT_ACTIONS, resources: () => [workloadArn] }], arn]]);
    }
    default:
      return NOT_AWS_KINDS.has(action.kind) ? ok([]) : refuse(`no AWS port declares the permissions of ${action.kind}`);
  }
}

/** The type of a target: by its planned type name, else by its ARN. */
function typeOf(types: readonly AwsResourceType[], name: string | undefined, arn: string): AwsResourceType | null {
  const named =
    name === undefined ? undefined : types.find((type) => type.type === name || type.cloudFormationType === name);
  return named ?? types.find((type) => type.matchesArn(arn)) ?? null;
}

function readStatement(reads: ReadonlySet<string>): IamPolicyStatement {
  return { Sid: 'DecomkitReads', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' };
}

/** The mutating actions, one statement per set of resources (actions on any resource in one statement of their own). */
function scopedStatements(scoped: ReadonlyMap<string, ReadonlySet<string>>): IamPolicyStatement[] {
  const byResources = new Map<string, { resources: string[]; actions: string[] }>();
  for (const [action, resources] of [...scoped].sort(([a], [b]) => a.localeCompare(b))) {
    const names = resources.has('*') ? ['*'] : [...resources].sort();
    const key = names.join('\n');
    const group = byResources.get(key) ?? { resources: names, actions: [] };
    group.actions.push(action);
    byResources.set(key, group);
  }
  const services = new Map<string, number>();
  return [...byResources.values()]
    .sort((a, b) => a.actions[0]?.localeCompare(b.actions[0] ?? '') ?? 0)
    .map(({ resources, actions }) => {
      const anywhere = resources.length === 1 && resources[0] === '*';
      const service = sidWord(actions[0]?.split(':')[0] ?? 'aws');
      const count = (services.get(service) ?? 0) + 1;
      services.set(service, count);
      return {
        Sid: anywhere ? `Decomkit${service}AnyResource${count}` : `Decomkit${service}Planned${count}`,
        Effect: 'Allow' as const,
        Action: actions,
        Resource: anywhere ? '*' : resources,
      };
    });
}

/** `elasticloadbalancing` → `Elasticloadbalancing`: a Sid takes letters and digits only. */
function sidWord(service: string): string {
  const word = service.replace(/[^A-Za-z0-9]/g, '');
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}
