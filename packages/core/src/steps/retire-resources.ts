import { ACTION_TAG, type Action } from '../model/action.js';
import { stillOpen, verified } from '../model/evidence.js';
import type { Finding } from '../model/finding.js';
import { type Gate, gate } from '../model/gate.js';
import { protectionUnknown, type Resource } from '../model/resource.js';
import { defineStep, type PlanContext, type StepPlan } from '../model/step.js';
import { type HiddenDependencyFindings, hiddenDependencyFindings } from './hidden-dependencies.js';
import { protectionCheckedAtApply, protectionTreatment, stopMayBeProtected } from './protection-at-plan.js';
import { backupRequired, backupSubjects, resourceTarget, type TypeTraits, typeTraitsOf } from './resource-kinds.js';
import { stackMembership, terraformFindings } from './stack-membership.js';

/** The tag AWS puts on instances launched by an Auto Scaling group. */
const AUTO_SCALING_GROUP_TAG = 'aws:autoscaling:groupName';

/**
 * Retire every in-scope resource: a scream test (stop at `sunset.stopAt`),
 * then deletion at `sunset.deleteAt` in dependency order (an Auto Scaling
 * group before its instances, a load balancer before its target groups, an
 * instance before its volumes, addresses and security groups), each only
 * after its backup COMPLETED, the cutover is verified and `retire` approved.
 * A delete carries `emptyContents` only where the workload's policy for the
 * type opts in (a bucket that holds objects is emptied first, never otherwise).
 * Whether a type is stopped first and holds data comes from the inventory's
 * resource type traits. Fails closed: unreadable tags, unsupported types,
 * types the inventory gives no traits for, what the provider says blocks a
 * resource (`retireBlockers`: a stream's consumers, a repository's images,
 * a bucket under Object Lock),
 * data of a type no backup method covers without the workload's waiver,
 * resources retired only together with others not all being retired
 * (`retiredOnlyWith`: a subnet of a VPC that holds anything else),
 * protection known to be on that the workload does not allow lifting, resources held by
 * something not being retired, and resources something outside the workload
 * still depends on (hidden dependencies: DNS records, security group rules,
 * policies, recent callers: `InventoryPort.findDependents`) are
 * reported (blocking) and never touched.
 */
export const retireResources = defineStep({
  id: 'retire-resources',
  item: 'retire',
  title: 'Stop, then delete, the AWS resources',
  needs: ['inventory', 'retirement'],
  after: ['final-backups'],
  plan: async (context) =>
    (await hiddenDependencyFindings(context.ports.inventory, context.inventory, context.workload)).map((hidden) =>
      planRetirement(context, hidden),
    ),
  verify: ({ actions, excepted }) => {
    const deletes = actions.filter((record) => record.action.kind === 'resource.delete');
    const open = deletes.filter((record) => record.status !== 'done' && record.status !== 'skipped');
    if (open.length > 0)
      return stillOpen(`${open.length} resources not deleted (first: ${open[0]?.action.target.ref})`);
    const kept = excepted.length === 0 ? '' : `; ${excepted.length} kept on purpose (workload exceptions)`;
    return verified(`${deletes.length} resources retired${kept}`, {
      excepted: excepted.map(({ arn, type, reason, approvedBy }) => ({ arn, type, reason, approvedBy })),
      retired: deletes.map((record) => ({
        arn: record.action.target.ref,
        type: record.action.target.resourceType ?? null,
        outcome: record.status,
        result: record.result ?? {},
      })),
    });
  },
});

/** The retire step's plan, once the hidden-dependency checks are in. */
function planRetirement(
  { inventory, excepted, workload, ports, action, keyOf }: PlanContext<'inventory' | 'retirement'>,
  hidden: HiddenDependencyFindings,
): StepPlan {
  const findings: Finding[] = excepted.map((kept) => ({
    severity: 'info' as const,
    code: 'excepted',
    message: `${kept.arn} (${kept.type}) stays on purpose: ${kept.reason} (approved by ${kept.approvedBy}); never touched`,
    resource: kept.arn,
  }));
  const supported = new Set(ports.retirement.supportedTypes);
  const traits = typeTraitsOf(ports.inventory.resourceTypes);
  const blocked = new Set<string>(hidden.blocked);
  const stacks = stackMembership(inventory, excepted);
  findings.push(...hidden.findings, ...terraformFindings(inventory), ...stacks.findings);
  for (const finding of stacks.findings) {
    if (finding.severity === 'blocking' && finding.resource !== undefined) blocked.add(finding.resource);
  }
  const mayLift = (resource: Resource) => workload.policies[resource.type]?.liftProtection === true;
  for (const resource of inventory) {
    const reason = blockingReason(
      resource,
      supported,
      traits,
      mayLift(resource),
      backupRequired(resource, workload, traits),
    );
    if (reason !== null && !blocked.has(resource.arn)) {
      findings.push({ severity: 'blocking', code: reason.code, message: reason.message, resource: resource.arn });
      blocked.add(resource.arn);
    }
  }
  // Fixed point: a resource cannot be retired while something it depends on stays (it would fail, in use),
  // nor while an in-scope resource that depends on it stays (deleting it would take that one along, as an
  // Auto Scaling group's ForceDelete does, or leave it dangling).
  const planned = new Map(
    inventory.filter((resource) => !blocked.has(resource.arn)).map((resource) => [resource.arn, resource] as const),
  );
  // An excepted resource is a dependent that stays: what it depends on is not retired around it.
  // A stack's resources depend on their stack: its delete takes them along.
  const holdersOf = (resource: Pick<Resource, 'arn' | 'dependsOn'>): readonly string[] => {
    const stack = stacks.stackOf(resource.arn);
    return stack === undefined ? resource.dependsOn : [...resource.dependsOn, stack];
  };
  const dependents = new Map<string, Pick<Resource, 'arn'>[]>();
  for (const resource of [...inventory, ...excepted]) {
    for (const holder of holdersOf(resource)) dependents.set(holder, [...(dependents.get(holder) ?? []), resource]);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const resource of [...planned.values()]) {
      const missing = (resource.retiredOnlyWith ?? []).filter((arn) => !planned.has(arn));
      if (missing.length > 0) {
        planned.delete(resource.arn);
        changed = true;
        findings.push({
          severity: 'blocking',
          code: 'retired-only-together',
          message: `${resource.arn} is retired only together with what is not being retired: ${namedFew(missing)}; not touched`,
          resource: resource.arn,
        });
        continue;
      }
      const holder = holdersOf(resource).find((arn) => !planned.has(arn));
      const keptDependent = (dependents.get(resource.arn) ?? []).find((other) => !planned.has(other.arn));
      if (holder === undefined && keptDependent === undefined) continue;
      planned.delete(resource.arn);
      changed = true;
      findings.push({
        severity: 'blocking',
        code: 'held-by-unretired',
        message:
          holder !== undefined
            ? `${resource.arn} must outlive ${holder}, which is not being retired: not touched`
            : `${keptDependent?.arn} depends on ${resource.arn} and is not being retired: not touched`,
        resource: resource.arn,
      });
    }
  }
  const { stopAt, deleteAt } = workload.sunset;
  const subjectOf = backupSubjects(inventory, traits);
  const actions: Action[] = [];
  // A stack's resource is deleted by its stack's delete: what waits for its delete waits for the stack's.
  const deleteKeyOf = (arn: string) => keyOf('resource.delete', stacks.stackOf(arn) ?? arn);
  const screamed = (resource: Resource) =>
    traits.named(resource.type)?.stoppable === true && resource.tags?.[AUTO_SCALING_GROUP_TAG] === undefined;
  // Protection known on, or unknown (not read at discovery), where the workload allows lifting: a lift comes
  // first (the lift reads the flags at apply and lifts only what is set). Unknown where it does not: planned
  // as unprotected, and what protection forbids is refused at apply (see protectionCheckedAtApply).
  const lifted = (resource: Resource) => protectionTreatment(resource, mayLift(resource)) === 'lift';
  // The stop waits for the lift when stop protection is on or unknown; otherwise the lift waits for the delete date.
  const liftBeforeStop = (resource: Resource) => lifted(resource) && stopMayBeProtected(resource);
  /** The keys of a resource's own stop and lift (those planned below), which its stack's delete waits for. */
  const ownStepKeys = (arn: string): string[] => {
    const member = planned.get(arn);
    if (member === undefined) return [];
    return [
      ...(lifted(member) ? [keyOf('protection.lift', arn)] : []),
      ...(screamed(member) ? [keyOf('resource.stop', arn)] : []),
    ];
  };
  for (const resource of planned.values()) {
    const target = resourceTarget(resource);
    const backup: Gate[] = backupRequired(resource, workload, traits)
      ? [gate.backupCompleted(subjectOf(resource))]
      : [];
    const treatment = protectionTreatment(resource, mayLift(resource));
    const isProtected = treatment === 'lift';
    const liftKey = keyOf('protection.lift', resource.arn);
    const stopKey = keyOf('resource.stop', resource.arn);
    const scream = screamed(resource);
    if (treatment === 'checked-at-apply' || (isProtected && protectionUnknown(resource.protection))) {
      findings.push(protectionCheckedAtApply(resource, treatment, scream));
    }
    if (isProtected) {
      const liftDate = liftBeforeStop(resource) && scream ? stopAt : deleteAt;
      actions.push(
        action({
          kind: 'protection.lift',
          target,
          gates: [gate.cutoverConfirmed(), gate.notBefore(liftDate), ...backup, gate.approval('retire')],
        }),
      );
    }
    if (scream) {
      actions.push(
        action({
          kind: 'resource.stop',
          target,
          gates: [gate.cutoverConfirmed(), gate.notBefore(stopAt)],
          dependsOn: liftBeforeStop(resource) ? [liftKey] : [],
        }),
      );
    }
    // Retired by its stack's delete, never on its own (its stop and lift, if any, come before that delete).
    if (stacks.stackOf(resource.arn) !== undefined) continue;
    // What goes together with this resource (an Auto Scaling group's instances, an instance's
    // DeleteOnTermination volumes, a stack's resources but those it retains) is named, so the provider
    // refuses to take anything else along, and must be backed up first.
    const alongside = (dependents.get(resource.arn) ?? [])
      .filter((other) => !(stacks.stackOf(other.arn) === resource.arn && stacks.retained(other.arn)))
      .flatMap((other) => planned.get(other.arn) ?? []);
    // A stack's delete waits for its resources' scream tests and protection lifts.
    const memberSteps = stacks.membersOf(resource.arn).flatMap(ownStepKeys);
    const memberBackups = alongside
      .filter((other) => backupRequired(other, workload, traits))
      .map((other) => gate.backupCompleted(subjectOf(other)));
    const emptyContents = workload.policies[resource.type]?.emptyContents;
    actions.push(
      action({
        kind: 'resource.delete',
        target,
        params: {
          dependentArns: alongside.map((other) => other.arn),
          ...(emptyContents === undefined ? {} : { emptyContents }),
        },
        gates: [
          gate.cutoverConfirmed(),
          ...backup,
          ...memberBackups,
          gate.notBefore(deleteAt),
          gate.approval('retire'),
        ],
        dependsOn: [
          ...(scream ? [stopKey] : []),
          ...(isProtected ? [liftKey] : []),
          ...resource.dependsOn.filter((arn) => planned.has(arn)).map(deleteKeyOf),
          ...memberSteps,
        ],
      }),
    );
  }
  return { actions, findings };
}

/** Up to five ARNs, and how many more. */
function namedFew(arns: readonly string[]): string {
  const more = arns.length > 5 ? ` and ${arns.length - 5} more` : '';
  return `${arns.slice(0, 5).join(', ')}${more}`;
}

function blockingReason(
  resource: Resource,
  supported: ReadonlySet<string>,
  traits: TypeTraits,
  mayLift: boolean,
  backupNeeded: boolean,
): { code: string; message: string } | null {
  if (resource.tags === null)
    return { code: 'tags-unreadable', message: `the tags of ${resource.arn} cannot be read: not touched` };
  if (resource.tags[ACTION_TAG] !== undefined)
    return {
      code: 'decomkit-backup',
      message: `${resource.arn} is a backup decomkit took (tag ${ACTION_TAG}): kept, never retired; narrow the selector`,
    };
  if (!supported.has(resource.type))
    return {
      code: 'unhandled',
      message: `${resource.arn} is a ${resource.type}, which no handler supports: not touched`,
    };
  if (traits.named(resource.type) === undefined)
    return {
      code: 'no-type-traits',
      message: `${resource.arn} is a ${resource.type}, of which the inventory gives no resource type traits (stoppable, holds data): not touched`,
    };
  const noMethod = traits.named(resource.type)?.noBackupMethod;
  if (noMethod !== undefined && backupNeeded)
    return {
      code: 'no-backup-method',
      message: `${resource.arn} holds data no backup method covers (${noMethod}); after that, waive its backup explicitly (policies["${resource.type}"].backup = 'none'): not touched`,
    };
  const [blocker, ...more] = resource.retireBlockers ?? [];
  if (blocker !== undefined)
    return { code: blocker.code, message: [blocker, ...more].map((each) => each.message).join('; ') };
  if (protectionTreatment(resource, mayLift) === 'blocked') {
    return {
      code: 'protected',
      message: `${resource.arn} is protected (${knownOnFlags(resource)}) and the workload does not allow lifting it (policies["${resource.type}"].liftProtection): not touched`,
    };
  }
  return null;
}

/** The protection flags known to be on, e.g. `deletion and stop protection`. */
function knownOnFlags(resource: Resource): string {
  const names = [
    ...(resource.protection.deletion === true ? ['deletion'] : []),
    ...(resource.protection.stop === true ? ['stop'] : []),
  ];
  return `${names.join(' and ')} protection`;
}
