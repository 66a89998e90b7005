import type { Action, ActionHandler, DecomError, RateLimitClaim, ResultAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import type { AwsClients } from '../clients.js';
import type { DeleteCall } from './declared-calls.js';
import {
  type AwsResourceType,
  goneRead,
  noProtectionHandler,
  notStoppableHandler,
  type RetirementKind,
  simpleHandler,
} from './resource-type.js';

/** A delete declared as data: its call, what its result names, and whether the resource still exists. */
export interface DeclaredDelete {
  /** The rate-limit claims of the call (`claimsOn('ec2', 'mutating')`). */
  readonly claims: (action: Action) => RateLimitClaim[];
  readonly call: DeleteCall;
  /** The key that names the id in the handler's result: `volumeId` gives `{ volumeId: id, state: 'deleted' }`. */
  readonly idKey: string;
  /** Whether the resource still exists: the read-back that reconciles the delete. */
  readonly exists: (clients: AwsClients, action: Action, id: string) => ResultAsync<boolean, DecomError>;
}

/** What {@link defineAwsResourceType} takes: the type's own facts; every other field has a default. */
export interface AwsResourceTypeSpec
  extends Omit<
    AwsResourceType,
    'handlers' | 'matchesArn' | 'cloudFormationType' | 'arnOfPhysicalId' | 'stoppable' | 'holdsData'
  > {
  /** Default: `type`. */
  readonly cloudFormationType?: string;
  /** Default: `arnOf` (the physical id is the id). */
  readonly arnOfPhysicalId?: (place: Place, physicalId: string) => string;
  /** Default: false. A stoppable type gives its `resource.stop` handler in `handlers`. */
  readonly stoppable?: boolean;
  /** Default: false. */
  readonly holdsData?: boolean;
  /**
   * The delete: declared (one call; a target already gone counts as deleted,
   * at-least-once safe), or a handler of its own (checks, waits, final snapshots).
   */
  readonly delete: DeclaredDelete | ((clients: AwsClients) => ActionHandler);
  /** The type's own stop and protection-lift handlers; the defaults refuse a stop and lift nothing. */
  readonly handlers?: (
    clients: AwsClients,
  ) => Partial<Readonly<Record<Exclude<RetirementKind, 'resource.delete'>, ActionHandler>>>;
}

/**
 * One AWS resource type from its own facts, with defaults: not stoppable, no
 * protection, not holding data, its CloudFormation name its Config name, the
 * physical id its id, `matchesArn` from `idOf`; a declared `delete` becomes a
 * handler reconciled by reading the resource back, for which a target already
 * gone counts as done.
 *
 * @example
 * ```ts
 * export const SQS_QUEUE = defineAwsResourceType({
 *   type: 'AWS::SQS::Queue', arnShape: { service: 'sqs', prefix: '' }, idOf: queueNameOf, arnOf: queueArn,
 *   describeMany, delete: { claims: claimsOn('sqs', 'default'), idKey: 'queueName', call: deleteQueue, exists },
 * });
 * ```
 */
export function defineAwsResourceType(spec: AwsResourceTypeSpec): AwsResourceType {
  const { delete: remove, handlers, ...facts } = spec;
  return {
    ...facts,
    cloudFormationType: spec.cloudFormationType ?? spec.type,
    stoppable: spec.stoppable ?? false,
    holdsData: spec.holdsData ?? false,
    matchesArn: (arn) => spec.idOf(arn) !== null,
    arnOfPhysicalId: spec.arnOfPhysicalId ?? spec.arnOf,
    handlers: (clients) => {
      const own = handlers?.(clients) ?? {};
      return {
        'resource.stop': own['resource.stop'] ?? notStoppableHandler(spec.type),
        'protection.lift': own['protection.lift'] ?? noProtectionHandler(spec.type),
        'resource.delete': typeof remove === 'function' ? remove(clients) : declaredDelete(spec, remove, clients),
      };
    },
  };
}

function declaredDelete(
  type: Pick<AwsResourceType, 'type' | 'idOf'>,
  declared: DeclaredDelete,
  clients: AwsClients,
): ActionHandler {
  const result = (id: string) => ({ [declared.idKey]: id, state: 'deleted' });
  return simpleHandler({
    type,
    claims: declared.claims,
    run: (id, action, signal) => declared.call.run(clients, id, action, signal).map(() => result(id)),
    readBack: (id, action) => goneRead(declared.exists(clients, action, id), result(id)),
    goneIsDone: true,
  });
}
