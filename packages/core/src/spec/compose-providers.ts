import { err, ok, type Result } from 'neverthrow';
import { decomError, type InvalidInputError } from '../errors/decom-error.js';
import type { Providers } from './providers.js';

/** The port names supplied by more than one of `Parts`. */
export type DuplicatePorts<Parts extends readonly object[], Seen extends PropertyKey = never> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? (keyof Head & Seen) | DuplicatePorts<Rest, Seen | keyof Head>
  : never;

/** All of `Parts` in one record. */
export type ComposedProviders<Parts extends readonly object[]> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & ComposedProviders<Rest>
  : unknown;

/** A compile-time error naming the ports two parts both supply. */
export type NoDuplicatePorts<Parts extends readonly object[]> = [DuplicatePorts<Parts>] extends [never]
  ? unknown
  : { readonly portsSuppliedTwice: DuplicatePorts<Parts> };

/**
 * Puts provider records together, refusing a port that two of them supply:
 * a spread (`{ ...awsSource(o), ...other(o) }`) keeps the last one silently,
 * this names the port as a compile-time error for typed callers and as an
 * `InvalidInput` at run time. Two `dns` ports (Route 53 and Azure DNS) are
 * joined with `dnsByProvider` instead.
 *
 * @example
 * ```ts
 * const { dns: route53, ...source } = awsSource({ region: 'eu-west-1' });
 * const providers = composeProviders(source, azureTarget({ subscriptionId }), {
 *   dns: dnsByProvider({ route53, azure: azureDns({ subscriptionId }) }),
 * });
 * if (providers.isErr()) throw new Error(providers.error.message);
 * ```
 */
export function composeProviders<const Parts extends readonly Providers[]>(
  ...parts: Parts & NoDuplicatePorts<Parts>
): Result<ComposedProviders<Parts>, InvalidInputError> {
  const composed: Record<string, unknown> = {};
  const from = new Map<string, number>();
  const issues: { path: string; message: string }[] = [];
  for (const [index, part] of (parts as readonly Providers[]).entries()) {
    for (const [name, port] of Object.entries(part)) {
      if (port === undefined) continue;
      const earlier = from.get(name);
      if (earlier !== undefined) {
        issues.push({
          path: `parts.${index}.${name}`,
          message: `port "${name}" is already supplied by part ${earlier}`,
        });
        continue;
      }
      from.set(name, index);
      composed[name] = port;
    }
  }
  if (issues.length > 0)
    return err(
      decomError.invalidInput(
        `composeProviders: ${issues.map((issue) => issue.message).join('; ')} (join two DNS ports with dnsByProvider)`,
        issues,
      ),
    );
  return ok(composed as ComposedProviders<Parts>);
}
