import { decomError } from '@decomkit/core';
import { ec2InstanceBatch, ec2ProtectionRefusalOf, ec2ProtectionRefused } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';

const LOCKED = 'i-0123456789abcdef0';
const OTHER = 'i-0fedcba9876543210';
const ARN = `arn:aws:ec2:eu-west-1:111122223333:instance/${LOCKED}`;
const refusal = (detail: string) =>
  decomError.conflict({ message: `ec2:TerminateInstances: OperationNotPermitted: ${detail}` });

describe('ec2ProtectionRefusalOf', () => {
  it("reads the instance and the attribute EC2 names, moto's stop wording included", () => {
    const terminate = refusal(
      `The instance '${LOCKED}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    );
    expect(ec2ProtectionRefusalOf(terminate, 'terminate', [OTHER, LOCKED])).toEqual({
      instanceId: LOCKED,
      attribute: 'DisableApiTermination',
    });
    // moto says "terminated" for a refused stop; the attribute it names decides.
    const stop = refusal(
      `The instance '${LOCKED}' may not be terminated. Modify its 'disableApiStop' instance attribute and try again.`,
    );
    expect(ec2ProtectionRefusalOf(stop, 'stop', [LOCKED])?.attribute).toBe('DisableApiStop');
  });

  it('takes the call and its only instance when the message names neither attribute nor instance', () => {
    const bare = refusal('the instance may not be stopped');
    expect(ec2ProtectionRefusalOf(bare, 'stop', [LOCKED])).toEqual({ instanceId: LOCKED, attribute: 'DisableApiStop' });
    expect(ec2ProtectionRefusalOf(bare, 'stop', [LOCKED, OTHER])).toBeNull();
  });

  it('is null for anything else: another code, another refusal, an instance not in the call', () => {
    const named = `The instance '${LOCKED}' may not be terminated. Modify its 'disableApiTermination' instance attribute`;
    expect(ec2ProtectionRefusalOf(decomError.accessDenied({ message: named }), 'terminate', [LOCKED])).toBeNull();
    expect(ec2ProtectionRefusalOf(refusal('spot instances cannot be stopped'), 'stop', [LOCKED])).toBeNull();
    expect(ec2ProtectionRefusalOf(refusal(named), 'terminate', [OTHER])).toBeNull();
  });
});

describe('ec2ProtectionRefused', () => {
  it('is a Conflict naming the instance, the attribute, that it stays (stopped) and nothing was lifted', () => {
    const error = ec2ProtectionRefused({
      call: 'terminate',
      instanceId: LOCKED,
      attribute: 'DisableApiTermination',
      arn: ARN,
      state: 'stopped',
      cause: null,
    });
    expect(error).toMatchObject({
      code: 'Conflict',
      resource: ARN,
      protection: { flag: 'deletion', attribute: 'DisableApiTermination' },
    });
    expect(error.message).toContain(`instance ${LOCKED}`);
    expect(error.message).toContain('stays stopped (left stopped)');
    expect(error.message).toContain('nothing was lifted');
  });

  it('names only the refused instance, so a batch gives the error to it alone', () => {
    const error = ec2ProtectionRefused({
      call: 'stop',
      instanceId: LOCKED,
      attribute: 'DisableApiStop',
      arn: ARN,
      state: 'running',
      cause: null,
    });
    expect(error.protection).toEqual({ flag: 'stop', attribute: 'DisableApiStop' });
    const batch = ec2InstanceBatch(
      'stop-instances-resource',
      (action) => action.target.ref.split('/')[1] ?? null,
      () => {
        throw new Error('not called');
      },
    );
    const actionOn = (id: string) =>
      ({ key: `stop:${id}`, kind: 'resource.stop', target: { ref: `instance/${id}` } }) as never;
    expect(batch.refusedBy?.(error, [actionOn(OTHER), actionOn(LOCKED)])).toEqual([`stop:${LOCKED}`]);
  });
});
