import type { Resource } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { decideScope } from '../src/model/scope.js';
import { paymentsWorkload } from './support/workloads.js';

/** A tagged IAM role: global, so its ARN and its `region` name no region. */
const role = (overrides: Partial<Resource> = {}): Resource => ({
  arn: 'arn:aws:iam::111122223333:role/payments-api',
  type: 'AWS::IAM::Role',
  accountId: '111122223333',
  region: '',
  tags: { workload: 'payments' },
  state: 'available',
  protection: { deletion: false, stop: false },
  dependsOn: [],
  ...overrides,
});

describe('scope of global resources (region "")', () => {
  const source = paymentsWorkload().source;

  it('a global resource carrying the selector is in scope whatever the workload regions', () => {
    expect(decideScope(role(), source)).toEqual({ inScope: true });
  });

  it('is still decided by account and selector: another account or a look-alike is out of scope', () => {
    expect(decideScope(role({ accountId: '444455556666' }), source).inScope).toBe(false);
    expect(decideScope(role({ tags: { workload: 'billing' } }), source).inScope).toBe(false);
    // A regional resource in another region stays out.
    expect(decideScope(role({ region: 'us-east-1' }), source)).toMatchObject({
      inScope: false,
      reason: expect.stringContaining('us-east-1'),
    });
  });
});
