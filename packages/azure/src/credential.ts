import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { AzureCloud } from './clouds.js';

/**
 * A `TokenCredential` that builds `DefaultAzureCredential` (environment,
 * workload identity, managed identity, Azure CLI…) for `cloud`'s authority on
 * the first token asked, not before: building the ports reads no environment
 * and starts no probe, so a process that never calls Azure never authenticates.
 *
 * @example
 * ```ts
 * const credential = lazyDefaultCredential(AZURE_CLOUDS.public);
 * ```
 */
export function lazyDefaultCredential(cloud: AzureCloud): TokenCredential {
  let built: TokenCredential | undefined;
  return {
    getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
      built ??= new DefaultAzureCredential({ authorityHost: cloud.authorityHost });
      return built.getToken(scopes, options);
    },
  };
}
