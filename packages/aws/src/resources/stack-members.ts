import {
  GetTemplateCommand,
  paginateListStackResources,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { DecomError, StackResource } from '@decomkit/core';
import { ResultAsync } from '@decomkit/core';
import { parse } from 'yaml';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import type { AwsResourceType } from './resource-type.js';

/** The deletion policies under which deleting a stack leaves the resource. */
const RETAINING_POLICIES: ReadonlySet<string> = new Set(['Retain', 'RetainExceptOnCreate']);

/**
 * The ARN discovery gives a stack's resource: its type's ARN of the physical
 * id; for a type without a resource file, the physical id when it is an ARN,
 * else an ARN under its stack (`…:stack/<stack>/<logical id>`), so it is
 * reported rather than silently left out (`opaque`: nothing can describe it).
 *
 * @example
 * ```ts
 * const { arn, opaque } = stackMemberArn(types, place, 'payments', summary);
 * ```
 */
export function stackMemberArn(
  types: readonly AwsResourceType[],
  place: Place,
  stack: string,
  summary: Pick<StackResourceSummary, 'LogicalResourceId' | 'PhysicalResourceId' | 'ResourceType'>,
): { readonly arn: string; readonly opaque: boolean } {
  const physical = summary.PhysicalResourceId ?? '';
  const type = types.find(
    (each) => each.type === summary.ResourceType || each.cloudFormationType === summary.ResourceType,
  );
  if (type !== undefined && physical !== '') return { arn: type.arnOfPhysicalId(place, physical), opaque: false };
  if (parseArn(physical) !== null) return { arn: physical, opaque: false };
  const logical = summary.LogicalResourceId ?? physical;
  return {
    arn: `arn:${place.partition ?? 'aws'}:cloudformation:${place.region}:${place.accountId}:stack/${stack}/${logical}`,
    opaque: true,
  };
}

/** Every live resource of a stack (ListStackResources, all pages): those deleted already are left out. */
export function liveStackResources(
  clients: AwsClients,
  region: string,
  stack: string,
): ResultAsync<StackResourceSummary[], DecomError> {
  return awsCall({ operation: 'cloudformation:ListStackResources', resource: stack }, async () => {
    const found: StackResourceSummary[] = [];
    for await (const page of paginateListStackResources(
      { client: clients.get('cloudformation', region) },
      { StackName: stack },
    )) {
      found.push(...(page.StackResourceSummaries ?? []));
    }
    return found.filter((summary) => summary.ResourceStatus !== 'DELETE_COMPLETE');
  });
}

/**
 * The logical ids the stack's template retains on delete (`DeletionPolicy:
 * Retain` or `RetainExceptOnCreate`), read from GetTemplate (JSON or YAML;
 * the short intrinsic forms, `!Ref`, are read as plain values). Null when the
 * template cannot be read as either: what the delete leaves is then unknown.
 */
export function retainedLogicalIds(
  clients: AwsClients,
  region: string,
  stack: string,
): ResultAsync<ReadonlySet<string> | null, DecomError> {
  return awsCall({ operation: 'cloudformation:GetTemplate', resource: stack }, () =>
    clients.get('cloudformation', region).send(new GetTemplateCommand({ StackName: stack })),
  ).map((output) => {
    let template: unknown;
    try {
      template = parse(output.TemplateBody ?? '', { logLevel: 'silent' });
    } catch {
      return null;
    }
    const resources = (template as { Resources?: unknown } | null)?.Resources;
    if (typeof resources !== 'object' || resources === null) return null;
    const retained = new Set<string>();
    for (const [logicalId, definition] of Object.entries(resources)) {
      const policy = (definition as { DeletionPolicy?: unknown } | null)?.DeletionPolicy;
      if (typeof policy === 'string' && RETAINING_POLICIES.has(policy)) retained.add(logicalId);
    }
    return retained;
  });
}

/**
 * A stack's resources as the inventory names them, each with whether the
 * stack's delete retains it; null when the template cannot be read (the
 * stack is then never deleted: what it would leave is unknown).
 */
export function stackResourcesOf(
  clients: AwsClients,
  types: readonly AwsResourceType[],
  place: Place,
  stack: { readonly arn: string; readonly name: string },
): ResultAsync<StackResource[] | null, DecomError> {
  return ResultAsync.combine([
    liveStackResources(clients, place.region, stack.arn),
    retainedLogicalIds(clients, place.region, stack.arn),
  ] as const).map(([summaries, retained]) =>
    retained === null
      ? null
      : summaries.map((summary) => ({
          arn: stackMemberArn(types, place, stack.name, summary).arn,
          logicalId: summary.LogicalResourceId ?? '',
          retained: retained.has(summary.LogicalResourceId ?? ''),
        })),
  );
}
