import { type DecomError, err, type InputIssue, ok, type PlannedAction, type Result } from '@decomkit/core';
import { actionParamsError } from './action-params-error.js';

/** The largest TTL Route 53 and Azure DNS accept (2^31 − 1 seconds). */
const MAX_TTL = 2_147_483_647;

/** The record set a `dns.setTtl` action addresses (its type as the params spell it) and the TTL to set. */
export interface DnsSetTtlInput {
  readonly address: {
    /** Route 53 when the params name none. */
    readonly provider: 'route53' | 'azure';
    readonly zone: string;
    readonly name: string;
    readonly type: string;
  };
  readonly ttl: number;
}

/**
 * The params of a `dns.setTtl` action, checked as every dns port checks them
 * before it calls anything: `zone`, `name` and `type` non-empty, `ttl` an
 * integer from 0 to 2147483647, `provider` absent, `route53` or `azure`.
 * Otherwise InvalidInput naming every issue (see {@link actionParamsError}).
 *
 * @example
 * ```ts
 * const input = dnsSetTtlInput(action);
 * if (input.isErr()) return errAsync(input.error);
 * const { address, ttl } = input.value;
 * ```
 */
export function dnsSetTtlInput(action: PlannedAction<'dns.setTtl'>): Result<DnsSetTtlInput, DecomError> {
  const { zone, name, type, ttl, provider } = action.params;
  const issues: InputIssue[] = [];
  if (typeof zone !== 'string' || zone === '') issues.push({ path: 'params.zone', message: 'required' });
  if (typeof name !== 'string' || name === '') issues.push({ path: 'params.name', message: 'required' });
  if (typeof type !== 'string' || type === '') issues.push({ path: 'params.type', message: 'required' });
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL)
    issues.push({ path: 'params.ttl', message: 'an integer from 0 to 2147483647' });
  if (provider !== undefined && provider !== null && provider !== 'route53' && provider !== 'azure')
    issues.push({ path: 'params.provider', message: 'route53 or azure' });
  const invalid = actionParamsError(action, issues);
  if (invalid !== null) return err(invalid);
  return ok({
    address: {
      provider: provider === 'azure' ? 'azure' : 'route53',
      zone: zone as string,
      name: name as string,
      type: type as string,
    },
    ttl: ttl as number,
  });
}
