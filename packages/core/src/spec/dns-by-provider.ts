import { errAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { ActionHandler } from './action-handler.js';
import type { DnsPort } from './dns.js';
import { PORT_SPECIFICATION_VERSION } from './specification-version.js';

/** The DNS providers a workload's records name. */
export type DnsProviderName = 'route53' | 'azure';

function unserved(provider: DnsProviderName, what: string): DecomError {
  return decomError.invalidInput(`${what}: no DNS port for provider '${provider}' was given to dnsByProvider`, [
    { path: 'provider', message: `one of the providers given (${provider} is not)` },
  ]);
}

/**
 * One `dns` port over a port per DNS provider: `getRecord` and `dns.setTtl`
 * go to the port of the record's `provider` (Route 53 when it names none),
 * as the `reset-ttl` step addresses records. This is how Route 53 (from the
 * AWS source) and Azure DNS (from the Azure target) are used together: both
 * are `dns` ports, and a spread of the two records would keep only the last.
 * A record of a provider not given is an `InvalidInput`, never served by the
 * other one.
 *
 * @example
 * ```ts
 * const { dns: route53, ...source } = awsSource({ region: 'eu-west-1' });
 * const dns = dnsByProvider({ route53, azure: azureDns({ subscriptionId }) });
 * ```
 */
export function dnsByProvider(ports: { readonly [Provider in DnsProviderName]?: DnsPort }): DnsPort {
  const handlerOf = (provider: DnsProviderName) => ports[provider]?.handlers?.['dns.setTtl'];
  const providerOf = (value: unknown): DnsProviderName => (value === 'azure' ? 'azure' : 'route53');
  const setTtl: ActionHandler<'dns.setTtl'> = {
    rateLimits: (action) => handlerOf(providerOf(action.params.provider))?.rateLimits?.(action) ?? [],
    execute: (action, context) => {
      const provider = providerOf(action.params.provider);
      return handlerOf(provider)?.execute(action, context) ?? errAsync(unserved(provider, `${action.key}: dns.setTtl`));
    },
    reconcile: (action, context) => {
      const provider = providerOf(action.params.provider);
      return (
        handlerOf(provider)?.reconcile(action, context) ?? errAsync(unserved(provider, `${action.key}: dns.setTtl`))
      );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'dns.setTtl': setTtl },
    getRecord: (record) => {
      const provider = providerOf(record.provider);
      return ports[provider]?.getRecord(record) ?? errAsync(unserved(provider, 'getRecord'));
    },
  };
}
