import { type DecomError, decomError, err, ok, type Plan, type Result } from '@decomkit/core';
import { ADVISOR_ACTIONS } from '../ports/advisor-port.js';
import { BLOB_ARTIFACTS_DATA_ACTIONS } from '../ports/blob-artifacts-port.js';
import { DNS_READ_ACTIONS, dnsRecordSetActions } from '../ports/dns-port.js';
import { TARGET_METRICS_ACTIONS } from '../ports/target-metrics-port.js';
import { TARGET_RESOURCES_ACTIONS } from '../ports/target-resources-port.js';

/**
 * An Azure RBAC custom role definition, as `az role definition create
 * --role-definition` takes it.
 */
export interface AzureRoleDefinition {
  /** `decomkit <workload id>` unless named. */
  readonly Name: string;
  /** A custom role. */
  readonly IsCustom: true;
  /** The workload and the plan it was made for. */
  readonly Description: string;
  /** Control-plane actions, sorted. */
  readonly Actions: readonly string[];
  /** Always empty: nothing is granted to be taken back. */
  readonly NotActions: readonly string[];
  /** Data-plane actions: the archive's blobs, when it is written. */
  readonly DataActions: readonly string[];
  /** Always empty. */
  readonly NotDataActions: readonly string[];
  /** The workload's resource groups (its subscription for a Resource Graph query), and the extra scopes. */
  readonly AssignableScopes: readonly string[];
}

/** Options of {@link azureRoleDefinition}. */
export interface AzureRoleDefinitionOptions {
  /** The role's name; default `decomkit <workload id>`. */
  readonly name?: string;
  /**
   * Scopes outside the workload's resource groups the ports read or write:
   * the Azure DNS zone's resource group, the Log Analytics workspace, the
   * artifact archive's storage account (`/subscriptions/…/resourceGroups/…`).
   */
  readonly extraScopes?: readonly string[];
  /**
   * Whether the artifact archive (Blob Storage) is written: the default is
   * whether the plan has `artifact.put` or `assessment.export` actions; a
   * journal seal or a published decommission record writes there too.
   */
  readonly artifacts?: boolean;
}

/**
 * The Azure RBAC custom role the target ports need for a plan: Resource
 * Graph and `*\/read` on the workload's resource groups (Resource Graph
 * only answers with what the caller may read), platform metrics and Log
 * Analytics queries, Advisor, the Azure DNS record sets the plan reads and
 * changes (`Microsoft.Network/dnsZones/<type>/write` only for the types a
 * `dns.setTtl` changes), and the Blob Storage data actions of the artifact
 * archive when it is written. Assignable to the workload's resource groups
 * (its subscription when it is selected by a Resource Graph query).
 *
 * @example
 * ```ts
 * import { azureRoleDefinition } from '@decomkit/azure';
 * const role = azureRoleDefinition(plan)._unsafeUnwrap();
 * // az role definition create --role-definition role.json
 * ```
 */
export function azureRoleDefinition(
  plan: Plan,
  options: AzureRoleDefinitionOptions = {},
): Result<AzureRoleDefinition, DecomError> {
  const target = plan.workload.target;
  const subscription = `/subscriptions/${target.subscriptionId}`;
  const groups = target.resourceGroups ?? [];
  const scopes =
    target.resourceGraphQuery !== undefined || groups.length === 0
      ? [subscription]
      : groups.map((group) => `${subscription}/resourceGroups/${group}`);
  const actions = new Set([...TARGET_RESOURCES_ACTIONS, ...TARGET_METRICS_ACTIONS, ...ADVISOR_ACTIONS]);
  const planned = plan.steps.flatMap((step) => step.actions);
  for (const action of planned.filter((each) => each.kind === 'dns.setTtl' && each.params.provider === 'azure')) {
    const type = action.params.type;
    if (typeof type !== 'string' || !/^[A-Z]{1,10}$/.test(type))
      return err(decomError.invalidInput(`${action.key}: params.type is not a DNS record type`));
    for (const name of [...DNS_READ_ACTIONS, ...dnsRecordSetActions(type, { write: true })]) actions.add(name);
  }
  const archive =
    options.artifacts ??
    planned.some((action) => action.kind === 'artifact.put' || action.kind === 'assessment.export');
  return ok({
    Name: options.name ?? `decomkit ${plan.workload.id}`,
    IsCustom: true,
    Description: `What decomkit's Azure target ports need for plan ${plan.hash.slice(0, 12)} of workload ${plan.workload.id}.`,
    Actions: [...actions].sort(),
    NotActions: [],
    DataActions: archive ? [...BLOB_ARTIFACTS_DATA_ACTIONS] : [],
    NotDataActions: [],
    AssignableScopes: [...new Set([...scopes, ...(options.extraScopes ?? [])])],
  });
}
