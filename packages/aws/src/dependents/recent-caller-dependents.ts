import { paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { type HiddenDependency, okAsync, type Resource } from '@decomkit/core';
import { limited } from '@decomkit/provider-kit';
import { listAll } from '../resources/declared-calls.js';
import { type DependentCheck, found, merged, principalOf, unchecked } from './dependent-check.js';

/**
 * The types whose callers CloudTrail's management events name: a key's
 * Decrypt and GenerateDataKey, a secret's GetSecretValue, a role's
 * AssumeRole. (A queue's, topic's or bucket's traffic is data events, which
 * LookupEvents does not return: the policy checks cover those.)
 */
export const RECENT_CALLER_TYPES: ReadonlySet<string> = new Set([
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::IAM::Role',
]);

const DAY_MS = 86_400_000;

/** Who made a CloudTrail event, or null when it was an AWS service acting on its own or for another call. */
function callerOf(eventJson: string | undefined): string | null {
  if (eventJson === undefined) return null;
  let event: unknown;
  try {
    event = JSON.parse(eventJson);
  } catch {
    return null;
  }
  const identity = (event as { userIdentity?: Record<string, unknown> }).userIdentity;
  if (identity === undefined || identity.type === 'AWSService' || typeof identity.invokedBy === 'string') return null;
  const issuer = (identity.sessionContext as { sessionIssuer?: { arn?: unknown } } | undefined)?.sessionIssuer?.arn;
  const arn = typeof issuer === 'string' ? issuer : identity.arn;
  return typeof arn === 'string' ? principalOf(arn) : null;
}

/** Where a resource's callers are logged: its region; an IAM role's (global) in every region of the workload and `us-east-1`. */
function regionsOf(resource: Resource, workloadRegions: readonly string[]): readonly string[] {
  return resource.region === '' ? [...new Set(['us-east-1', ...workloadRegions])] : [resource.region];
}

/**
 * `recent-caller`: for each in-scope key, secret and role, CloudTrail
 * LookupEvents over the last `recentCallerDays` days (one resource at a time:
 * LookupEvents allows 2 requests a second per region); every principal
 * outside the workload that called it is a dependent, with how many calls
 * and the last one. Skipped when `recentCallerDays` is 0. Where CloudTrail
 * cannot be read the resource is unchecked (the engine warns).
 */
export const recentCallerDependents: DependentCheck = async (context) => {
  if (context.options.recentCallerDays === 0) return found([]);
  const subjects = context.resources.filter((resource) => RECENT_CALLER_TYPES.has(resource.type));
  const workloadRegions = [...new Set(context.resources.map((resource) => resource.region).filter((r) => r !== ''))];
  const since = new Date(Date.now() - context.options.recentCallerDays * DAY_MS);
  const scans = await limited(subjects, 2, (resource) =>
    limited(regionsOf(resource, workloadRegions), 1, (region) =>
      listAll(
        'cloudtrail:LookupEvents',
        () =>
          paginateLookupEvents(
            { client: context.clients.get('cloudtrail', region) },
            { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resource.arn }], StartTime: since },
          ),
        (page) => page.Events,
      ),
    )
      .map((perRegion) => {
        const calls = new Map<string, { count: number; last: string; at: Date | undefined }>();
        for (const event of perRegion.flat()) {
          const caller = callerOf(event.CloudTrailEvent);
          if (caller === null || context.inScope.has(caller) || caller === context.callerArn) continue;
          const seen = calls.get(caller);
          const newer = seen === undefined || (event.EventTime?.getTime() ?? 0) > (seen.at?.getTime() ?? 0);
          calls.set(caller, {
            count: (seen?.count ?? 0) + 1,
            last: newer ? (event.EventName ?? '') : (seen?.last ?? ''),
            at: newer ? event.EventTime : seen?.at,
          });
        }
        const dependencies: HiddenDependency[] = [...calls].map(([caller, { count, last, at }]) => ({
          resource: resource.arn,
          check: 'recent-caller',
          dependent: caller,
          evidence: `${count} call${count === 1 ? '' : 's'} in the last ${context.options.recentCallerDays} days, the last ${last}${at === undefined ? '' : ` at ${at.toISOString()}`}`,
        }));
        return found(dependencies);
      })
      .orElse((error) => okAsync(unchecked('recent-caller', error, [resource]))),
  );
  return scans.match(merged, (error) => unchecked('recent-caller', error, subjects));
};
