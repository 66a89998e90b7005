import { type ConflictError, type DecomError, decomError } from '@decomkit/core';

/** The EC2 instance calls protection can refuse. */
export type Ec2ProtectedCall = 'stop' | 'terminate';

/** What an EC2 protection refusal names: the instance and the attribute that is set. */
export interface Ec2ProtectionRefusalSubject {
  /** The refused instance's id (`i-0abc…`). */
  readonly instanceId: string;
  /** `DisableApiTermination` or `DisableApiStop`. */
  readonly attribute: 'DisableApiTermination' | 'DisableApiStop';
}

const INSTANCE_NAMED = /\binstance '?(i-[0-9a-f]{8,17})'?/;
const ATTRIBUTE_NAMED = /\b(disableApiTermination|disableApiStop)\b/i;

/**
 * The instance and attribute of a StopInstances or TerminateInstances refused
 * because of an instance's protection (EC2 `OperationNotPermitted`: "The
 * instance 'i-0abc…' may not be terminated. Modify its 'disableApiTermination'
 * instance attribute and try again."), or null when `error` is anything else.
 * EC2 names one instance; when the message names none, the call's only
 * instance (`ids` of length 1) is the one. An EC2 rule, shared by the AWS
 * provider and its emulator.
 *
 * @example
 * ```ts
 * const refused = ec2ProtectionRefusalOf(error, 'terminate', ids);
 * if (refused !== null) console.log(refused.instanceId, refused.attribute);
 * ```
 */
export function ec2ProtectionRefusalOf(
  error: DecomError,
  call: Ec2ProtectedCall,
  ids: readonly string[],
): Ec2ProtectionRefusalSubject | null {
  if (error.code !== 'Conflict' || !error.message.includes('OperationNotPermitted')) return null;
  const named = INSTANCE_NAMED.exec(error.message)?.[1] ?? (ids.length === 1 ? ids[0] : undefined);
  if (named === undefined || !ids.includes(named)) return null;
  const attribute = ATTRIBUTE_NAMED.exec(error.message)?.[1]?.toLowerCase();
  if (attribute === undefined && !/may not be (terminated|stopped)|protection/i.test(error.message)) return null;
  const stopAttribute = attribute === undefined ? call === 'stop' : attribute === 'disableapistop';
  return { instanceId: named, attribute: stopAttribute ? 'DisableApiStop' : 'DisableApiTermination' };
}

/** The options of {@link ec2ProtectionRefused}. */
export interface Ec2ProtectionRefusedOptions extends Ec2ProtectionRefusalSubject {
  /** What was refused: the stop or the terminate. */
  readonly call: Ec2ProtectedCall;
  /** The instance's ARN. */
  readonly arn: string;
  /** Its state read after the refusal (`stopped`, `running`), or null when it could not be read. */
  readonly state: string | null;
  /** The provider's error. */
  readonly cause: unknown;
}

/**
 * The typed error of a stop or terminate EC2 refused because of the
 * instance's protection: a `Conflict` with `protection` set, naming the
 * instance (and no other: a batch's other members go on), the attribute,
 * and that the instance stays as it is (stopped, when its scream test
 * stopped it before its termination was refused). Nothing is lifted.
 *
 * @example
 * ```ts
 * return errAsync(ec2ProtectionRefused({ call: 'terminate', instanceId, attribute, arn, state: 'stopped', cause }));
 * ```
 */
export function ec2ProtectionRefused(options: Ec2ProtectionRefusedOptions): ConflictError {
  const { call, instanceId, attribute, arn, state, cause } = options;
  const kind = attribute === 'DisableApiStop' ? 'stop protection' : 'termination protection';
  const verb = call === 'stop' ? 'stop' : 'terminate';
  const stays =
    state === null ? 'as it is' : state === 'stopped' && call === 'terminate' ? 'stopped (left stopped)' : state;
  return decomError.conflict({
    message: `EC2 refused to ${verb} instance ${instanceId}${arn === instanceId ? '' : ` (${arn})`}: its ${attribute} attribute is set (${kind}, OperationNotPermitted). It was not ${call === 'stop' ? 'stopped' : 'terminated'} and stays ${stays}; nothing was lifted. Lift it only where the workload allows (liftProtection), or retire it by hand.`,
    resource: arn,
    protection: { flag: attribute === 'DisableApiStop' ? 'stop' : 'deletion', attribute },
    cause,
  });
}
