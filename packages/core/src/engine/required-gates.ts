import type { InputIssue } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import { type Gate, gate } from '../model/gate.js';
import type { Plan } from '../model/plan.js';
import type { Resource } from '../model/resource.js';
import { decideScope } from '../model/scope.js';
import type { Workload } from '../model/workload-schema.js';
import { RETIREMENT_ACTIONS } from '../spec/retirement.js';
import { backupRequired, backupSubjects, type TypeTraits } from '../steps/resource-kinds.js';
import { canonicalJson } from '../util/json.js';

/**
 * What the engine demands of one action before it runs, whatever the plan
 * says: either a refusal, or the gates to check (the plan's, plus the ones
 * DESIGN section 6 requires that the plan left out) and the resource type
 * those gates were derived from, which the fresh read of the target must
 * confirm.
 */
export type RequiredGates =
  | { readonly refused: true; readonly reason: string }
  | { readonly refused: false; readonly gates: readonly Gate[]; readonly resourceType: string | null };

/** The required gates of any action of a run. */
export type RequiredGatesOf = (action: Action) => RequiredGates;

/**
 * The safety rules of DESIGN section 6, derived at apply time from the
 * workload (which `apply` has checked against the engine's own checklist) and
 * the kind and resource type of each action, never from the plan's gates:
 *
 * - `resource.stop`: not before `sunset.stopAt`;
 * - `resource.delete`: a completed backup of the resource (of its backup
 *   subject: an Aurora member's cluster) and of every data-holding resource
 *   it takes along (`params.dependentArns`), unless the workload waives the
 *   type (`backup: 'none'`); not before `sunset.deleteAt`; the `retire`
 *   approval; emptied first (`params.emptyContents`) only as the workload's
 *   policy for the type says;
 * - `protection.lift`: only where the workload's policy allows it
 *   (`liftProtection`), not before `sunset.stopAt`, with the `retire` approval;
 * - each of them after the cutover is verified, when the checklist has a
 *   cutover item.
 *
 * A retirement action on a resource (or taking along one) whose type the
 * inventory gives no traits for (`InventoryPort.resourceTypes`) is refused:
 * whether it holds data is unknown, so no rule can be derived.
 *
 * The plan's gates are kept and come first: a plan can add gates, never take
 * one away. The resource types come from the plan's inventory, which
 * planning's check ({@link retirementTargetIssues}) holds to the type a
 * data-holding ARN names; the engine's fresh read of the target must report
 * the same type, or the action is refused: an edited type waives no rule.
 */
export function requiredGatesOf(
  plan: Plan,
  checklist: { readonly cutoverItem: boolean },
  traits: TypeTraits,
): RequiredGatesOf {
  const resources = new Map(plan.inventory.map((resource) => [resource.arn, resource] as const));
  const subjectOf = backupSubjects(plan.inventory, traits);
  const { workload } = plan;
  const backupOf = (resource: Resource): Gate[] =>
    backupRequired(resource, workload, traits) ? [gate.backupCompleted(subjectOf(resource))] : [];
  return (action) => {
    if (!isRetirementKind(action.kind)) return { refused: false, gates: action.gates, resourceType: null };
    const arn = action.target.arn;
    const resource = arn === undefined ? undefined : resources.get(arn);
    if (resource === undefined) {
      return { refused: true, reason: `${action.key} does not target a resource of the plan's inventory` };
    }
    const untyped = withoutTraits(action, [resource], traits);
    if (untyped !== null) return { refused: true, reason: untyped };
    const cutover = checklist.cutoverItem ? [gate.cutoverConfirmed()] : [];
    let required: Gate[];
    switch (action.kind) {
      case 'resource.stop':
        required = [...cutover, gate.notBefore(workload.sunset.stopAt)];
        break;
      case 'protection.lift':
        if (workload.policies[resource.type]?.liftProtection !== true) {
          return {
            refused: true,
            reason: `${resource.arn} may not have its protection lifted: the workload does not allow it (policies["${resource.type}"].liftProtection)`,
          };
        }
        required = [...cutover, gate.notBefore(workload.sunset.stopAt), gate.approval('retire')];
        break;
      default: {
        const emptying = action.params.emptyContents;
        const allowed = workload.policies[resource.type]?.emptyContents;
        if (emptying !== undefined && emptying !== allowed) {
          return {
            refused: true,
            reason: `${resource.arn} may not be emptied (${canonicalJson(emptying)}): the workload's policy says ${allowed === undefined ? 'never' : `'${allowed}'`} (policies["${resource.type}"].emptyContents)`,
          };
        }
        const dependents = dependentResources(action, resources);
        if (typeof dependents === 'string') return { refused: true, reason: dependents };
        const untypedDependent = withoutTraits(action, dependents, traits);
        if (untypedDependent !== null) return { refused: true, reason: untypedDependent };
        required = [
          ...cutover,
          ...backupOf(resource),
          ...dependents.flatMap(backupOf),
          gate.notBefore(workload.sunset.deleteAt),
          gate.approval('retire'),
        ];
      }
    }
    return { refused: false, gates: withRequired(action.gates, required), resourceType: resource.type };
  };
}

/**
 * Planning's check of a retirement action (run again on every `apply` and
 * `resume`): it targets a resource of the inventory by ARN (so the engine
 * re-reads it), states no other type than the inventory's, whose type is the
 * one a data-holding ARN names, and takes along only resources of the
 * inventory, proven in scope and typed as their ARNs say. Other kinds yield
 * no issue.
 */
export function retirementTargetIssues(
  action: Action,
  path: string,
  resources: ReadonlyMap<string, Resource>,
  source: Workload['source'],
  traits: TypeTraits,
): InputIssue[] {
  if (!isRetirementKind(action.kind)) return [];
  const arn = action.target.arn;
  if (arn === undefined) {
    return [{ path, message: `${action.key} (${action.kind}) must target an inventory resource by its ARN` }];
  }
  const issues: InputIssue[] = [];
  const resource = resources.get(arn);
  const misnamed = resource === undefined ? null : misnamedType(resource, traits);
  if (misnamed !== null) issues.push({ path, message: misnamed });
  const type = resource?.type;
  if (type !== undefined && action.target.resourceType !== undefined && action.target.resourceType !== type) {
    issues.push({ path, message: `${action.key} says ${arn} is a ${action.target.resourceType}, not a ${type}` });
  }
  const dependents = dependentResources(action, resources);
  if (typeof dependents === 'string') return [...issues, { path, message: dependents }];
  for (const dependent of dependents) {
    const misnamedDependent = misnamedType(dependent, traits);
    if (misnamedDependent !== null) issues.push({ path, message: misnamedDependent });
    const scope = decideScope(dependent, source);
    if (!scope.inScope) {
      issues.push({ path, message: `${action.key} takes along ${dependent.arn}, out of scope: ${scope.reason}` });
    }
  }
  return issues;
}

/** Why a resource's stated type cannot be trusted: its ARN names another, data-holding, type. */
function misnamedType(resource: Resource, traits: TypeTraits): string | null {
  const named = traits.dataHoldingTypeOfArn(resource.arn);
  return named === null || named === resource.type
    ? null
    : `${resource.arn} is a ${named} by its ARN, not the ${resource.type} the plan says`;
}

/** Why no rule can be derived for an action: a resource it acts on, or takes along, is of a type with no traits. */
function withoutTraits(action: Action, concerned: readonly Resource[], traits: TypeTraits): string | null {
  const untyped = concerned.find((resource) => traits.named(resource.type) === undefined);
  return untyped === undefined
    ? null
    : `${action.key}: ${untyped.arn} is a ${untyped.type}, of which the inventory gives no resource type traits (stoppable, holds data): not touched`;
}

/** Planning's check of an action's gates: each of a known kind and shape (a forged plan may hold anything). */
export function gateIssues(action: Action, path: string): InputIssue[] {
  if (!Array.isArray(action.gates)) return [{ path: `${path}.gates`, message: `${action.key}: gates must be a list` }];
  return action.gates.flatMap((value, index) =>
    gateKey(value) === null
      ? [
          {
            path: `${path}.gates.${index}`,
            message: `${action.key} has a gate of no known kind or shape: ${canonicalJson(value)}`,
          },
        ]
      : [],
  );
}

function isRetirementKind(kind: string): kind is (typeof RETIREMENT_ACTIONS)[number] {
  return (RETIREMENT_ACTIONS as readonly string[]).includes(kind);
}

/** The resources a delete takes along (`params.dependentArns`), or why they cannot be named. */
function dependentResources(action: Action, resources: ReadonlyMap<string, Resource>): Resource[] | string {
  const named = action.params.dependentArns;
  if (named === undefined) return [];
  if (!Array.isArray(named)) return `${action.key}: params.dependentArns must be a list of ARNs`;
  const found: Resource[] = [];
  for (const arn of named) {
    const resource = typeof arn === 'string' ? resources.get(arn) : undefined;
    if (resource === undefined) {
      return `${action.key} takes along ${canonicalJson(arn)}, which is not a resource of the plan's inventory`;
    }
    found.push(resource);
  }
  return found;
}

/** The plan's gates, then each required gate the plan lacks. */
function withRequired(planned: readonly Gate[], required: readonly Gate[]): readonly Gate[] {
  const present = new Set(planned.map(gateKey));
  const missing = required.filter((each) => {
    const text = gateKey(each);
    if (present.has(text)) return false;
    present.add(text);
    return true;
  });
  return missing.length === 0 ? planned : [...planned, ...missing];
}

/**
 * A gate as a string, equal for equal gates (cheaper than canonical JSON, on
 * every action of a run); null for a gate of no known kind or shape.
 */
function gateKey(value: Gate): string | null {
  const field = (name: string): string | null => {
    const content = (value as unknown as Record<string, unknown>)[name];
    return typeof content === 'string' ? `${value.kind} ${content}` : null;
  };
  switch (value?.kind) {
    case 'cutoverConfirmed':
      return value.kind;
    case 'backupCompleted':
      return field('arn');
    case 'notBefore':
      return Number.isNaN(Date.parse(value.date)) ? null : field('date');
    case 'approval':
      return field('name');
    case 'itemVerified':
      return field('item');
    case 'replicationCaughtUp':
      return field('taskArn');
    default:
      return null;
  }
}
