import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError, type InputIssue } from '../errors/decom-error.js';
import { signedMessage } from '../journal/signing.js';
import { type Action, actionKey } from '../model/action.js';
import { exceptionOf } from '../model/exceptions.js';
import type { Finding } from '../model/finding.js';
import { PLAN_SCHEMA_VERSION, type Plan, type PlannedStep, planHash } from '../model/plan.js';
import type { Resource } from '../model/resource.js';
import { decideScope } from '../model/scope.js';
import { type ActionDraft, type PlanContext, type StepPlan, stepFailure } from '../model/step.js';
import type { ActionKind, ActionParams } from '../spec/action-kinds.js';
import type { PortName } from '../spec/providers.js';
import { typeTraitsOf } from '../steps/resource-kinds.js';
import { fromReturned } from '../util/awaitable.js';
import { firstSecretPath, redactSecrets } from '../util/redact.js';
import { checkAccountGuard } from './account-guard.js';
import { discoverInventory } from './discover-inventory.js';
import type { EngineContext } from './engine-context.js';
import { gateIssues, retirementTargetIssues } from './required-gates.js';
import { portsFor } from './restricted-port.js';

const NO_PARAMS = Object.freeze({});
const NO_GATES: Action['gates'] = Object.freeze([]);
const NO_DEPENDENCIES: Action['dependsOn'] = Object.freeze([]);

/**
 * Plans the checklist: reads the world through the ports, asks every step for
 * its actions and findings, and checks what they propose. Never calls a
 * handler, so it makes no change.
 */
export function planChecklist(context: EngineContext): ResultAsync<Plan, DecomError> {
  return new ResultAsync(makePlan(context));
}

async function makePlan(context: EngineContext): Promise<Result<Plan, DecomError>> {
  const workload = context.checklist.workload;
  context.emit({ type: 'plan.started', workload: workload.id });
  const secretInWorkload = firstSecretPath(workload);
  if (secretInWorkload !== null) return err(secretIn(`the workload ${workload.id}`, secretInWorkload, 'workload'));
  const caller = await checkAccountGuard(context.providers, workload, false);
  if (caller.isErr()) return err(caller.error);
  const inventory = await discoverInventory(context.providers.inventory, workload);
  if (inventory.isErr()) return err(inventory.error);
  const now = context.clock.now();
  const steps: PlannedStep[] = [];
  for (const step of context.steps) {
    const planContext: PlanContext<PortName> = {
      workload,
      ports: portsFor(context.providers, step.needs, 'step') as PlanContext<PortName>['ports'],
      inventory: inventory.value.resources,
      excepted: inventory.value.excepted,
      now,
      action: <Kind extends ActionKind>(draft: ActionDraft<Kind>): Action<Kind> => ({
        key: actionKey(step.id, draft.kind, draft.target.ref),
        step: step.id,
        item: step.item,
        kind: draft.kind,
        target: draft.target,
        // A kind whose params are all optional may be planned without any. Absent parts share one
        // frozen empty value (a plan is frozen whole anyway): none made per action.
        params: draft.params ?? (NO_PARAMS as ActionParams<Kind>),
        gates: draft.gates ?? NO_GATES,
        dependsOn: draft.dependsOn ?? NO_DEPENDENCIES,
      }),
      keyOf: (kind, ref) => actionKey(step.id, kind, ref),
    };
    const planned = await fromReturned<StepPlan>(`step "${step.id}" plan`, () => step.plan(planContext));
    if (planned.isErr()) return err(stepFailure(step, 'plan', planned.error));
    steps.push({
      id: step.id,
      item: step.item,
      title: step.title,
      needs: [...step.needs],
      after: [...step.after],
      actions: planned.value.actions,
      findings: (planned.value.findings ?? []) as Finding[],
    });
  }
  // What came from the ports is redacted already; what steps made of it is redacted here, so a
  // plan never holds a secret and the journal's redaction leaves it (and its hash) unchanged.
  // Frozen first: redaction then knows the parts it found clean, and never walks them again.
  const content: Omit<Plan, 'hash'> = deepFreeze(
    redactSecrets(
      deepFreeze({
        schemaVersion: PLAN_SCHEMA_VERSION,
        createdAt: now.toISOString(),
        workload,
        caller: caller.value,
        steps,
        inventory: inventory.value.resources,
        excepted: inventory.value.excepted,
      }),
    ),
  );
  const checked = checkPlannedActions(context, content.steps, content.inventory);
  if (checked.isErr()) return err(checked.error);
  const hash = planHash(content);
  const signature = context.signer?.sign(signedMessage.plan(hash));
  const plan: Plan = deepFreeze({ ...content, hash, ...(signature === undefined ? {} : { signature }) });
  context.emit({
    type: 'plan.finished',
    actions: steps.reduce((sum, step) => sum + step.actions.length, 0),
    findings: steps.reduce((sum, step) => sum + step.findings.length, 0),
  });
  return ok(plan);
}

/**
 * What a step proposes must be sound: unique keys, known handlers, dependencies
 * inside the step, and every resource target proven in scope and not kept
 * by the workload's exceptions.
 */
export function checkPlannedActions(
  context: Pick<EngineContext, 'handlers' | 'checklist' | 'providers'>,
  steps: readonly PlannedStep[],
  inventory: readonly Resource[],
): Result<void, DecomError> {
  const issues: InputIssue[] = [];
  const keys = new Set<string>();
  // The inventory indexed by ARN, for the actions' targets: not built when no step proposes an action.
  const resources = steps.some((step) => step.actions.length > 0)
    ? new Map(inventory.map((resource) => [resource.arn, resource] as const))
    : new Map<string, Resource>();
  const source = context.checklist.workload.source;
  const traits = typeTraitsOf(context.providers.inventory?.resourceTypes);
  for (const step of steps) {
    // The step's keys, for its dependencies: not built for a step whose actions depend on none.
    const stepKeys = step.actions.some((action) => action.dependsOn.length > 0)
      ? new Set(step.actions.map((action) => action.key))
      : new Set<string>();
    step.actions.forEach((action, index) => {
      const path = `${step.id}.actions.${index}`;
      if (keys.has(action.key)) issues.push({ path, message: `duplicate action key ${action.key}` });
      keys.add(action.key);
      if (action.step !== step.id) issues.push({ path, message: `action ${action.key} claims step "${action.step}"` });
      if (!context.handlers.has(action.kind)) {
        issues.push({ path, message: `no provider handles action kind "${action.kind}" (${action.key})` });
      }
      for (const dependency of action.dependsOn) {
        if (!stepKeys.has(dependency))
          issues.push({ path, message: `${action.key} depends on ${dependency}, not an action of step "${step.id}"` });
      }
      issues.push(...gateIssues(action, path), ...retirementTargetIssues(action, path, resources, source, traits));
      if (action.target.arn !== undefined) {
        const resource = resources.get(action.target.arn);
        const scope = resource === undefined ? null : decideScope(resource, source);
        if (scope === null || !scope.inScope) {
          issues.push({
            path,
            message: `${action.key} targets ${action.target.arn}, which is not proven in scope (${scope === null ? 'not in the inventory' : scope.reason})`,
          });
        } else if (resource !== undefined && exceptionOf(resource, context.checklist.workload) !== null) {
          // A plan edited to put an excepted resource back into its inventory is still refused.
          issues.push({
            path,
            message: `${action.key} targets ${action.target.arn}, which the workload's exceptions keep: never touched`,
          });
        }
      }
    });
  }
  for (const step of steps) {
    const cycle = dependencyCycle(step.actions);
    if (cycle !== null)
      issues.push({ path: `${step.id}.actions`, message: `dependsOn forms a cycle: ${cycle.join(' -> ')}` });
  }
  return issues.length === 0
    ? ok(undefined)
    : err(
        decomError.invalidInput(
          `the plan proposes unsafe or unknown actions: ${issues.map((issue) => issue.message).join('; ')}`,
          issues,
        ),
      );
}

function dependencyCycle(actions: readonly Action[]): string[] | null {
  // No dependency, no cycle: nothing to index.
  if (actions.every((action) => action.dependsOn.length === 0)) return null;
  const byKey = new Map(actions.map((action) => [action.key, action] as const));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, path: string[]): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    for (const dependency of byKey.get(key)?.dependsOn ?? []) {
      const cycle = byKey.has(dependency) ? visit(dependency, [...path, key]) : null;
      if (cycle !== null) return cycle;
    }
    state.set(key, 'done');
    return null;
  };
  for (const action of actions) {
    const cycle = visit(action.key, []);
    if (cycle !== null) return cycle;
  }
  return null;
}

/**
 * A plan holds no secret value: else the journal, which redacts every line,
 * would store a plan other than the one applied, and resume would refuse it.
 */
export function checkPlanHoldsNoSecret(plan: Plan): Result<void, DecomError> {
  const path = firstSecretPath(plan);
  return path === null ? ok(undefined) : err(secretIn(`the plan for ${String(plan.workload?.id)}`, path, 'plan'));
}

function secretIn(what: string, path: string, root: string): DecomError {
  return decomError.invalidInput(
    `${what} holds a value that looks like a secret at ${path}: decomkit journals it and never stores secrets, so it is refused (remove the secret, or make a new plan)`,
    [{ path: `${root}.${path}`, message: 'looks like a secret' }],
  );
}

/** Freezes a plan all the way down: a plan is a reviewed document, never edited in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}
