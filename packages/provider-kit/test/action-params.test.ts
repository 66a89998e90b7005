import type { PlannedAction } from '@decomkit/core';
import { actionParamsError, dnsSetTtlInput } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn } from './support.js';

function setTtl(params: Record<string, unknown>): PlannedAction<'dns.setTtl'> {
  return { ...actionOn('dns:pay.example.com', 'dns.setTtl'), params } as unknown as PlannedAction<'dns.setTtl'>;
}

describe('action params checks', () => {
  it('names the action key, its kind and every issue; none is no error', () => {
    const action = actionOn('arn:test:queue/q1', 'artifact.put');
    expect(actionParamsError(action, [])).toBeNull();
    const error = actionParamsError(action, [
      { path: 'params.name', message: 'required' },
      { path: 'params.body', message: 'not base64' },
    ]);
    expect(error?.code).toBe('InvalidInput');
    expect(error?.message).toBe(`${action.key}: artifact.put: params.name required; params.body not base64`);
    expect(error?.issues).toHaveLength(2);
  });

  it('reads a dns.setTtl address (Route 53 by default) and refuses bad params with every issue', () => {
    const good = dnsSetTtlInput(setTtl({ zone: 'example.com', name: 'pay', type: 'cname', ttl: 60 }));
    expect(good._unsafeUnwrap()).toEqual({
      address: { provider: 'route53', zone: 'example.com', name: 'pay', type: 'cname' },
      ttl: 60,
    });
    const azure = dnsSetTtlInput(setTtl({ zone: 'example.com', name: 'pay', type: 'A', ttl: 0, provider: 'azure' }));
    expect(azure._unsafeUnwrap().address.provider).toBe('azure');
    const bad = dnsSetTtlInput(setTtl({ zone: '', name: 'pay', type: 'A', ttl: 2_147_483_648, provider: 'gcp' }));
    const error = bad._unsafeUnwrapErr();
    expect(error.code).toBe('InvalidInput');
    expect(error.code === 'InvalidInput' ? error.issues.map((issue) => issue.path) : []).toEqual([
      'params.zone',
      'params.ttl',
      'params.provider',
    ]);
    expect(error.message).toContain(': dns.setTtl: params.zone required; params.ttl an integer from 0 to 2147483647');
  });
});
