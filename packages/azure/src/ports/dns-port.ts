import type { RecordType } from '@azure/arm-dns';
import {
  type ActionHandler,
  type DecomError,
  type DnsPort,
  decomError,
  err,
  errAsync,
  ok,
  okAsync,
  type PlannedAction,
  PORT_SPECIFICATION_VERSION,
  type Result,
} from '@decomkit/core';
import { done } from '@decomkit/provider-kit';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';
import { type AzureRecordAddress, readRecordSet, zoneNameOf } from '../dns/record-sets.js';

/** Options of {@link azureDnsPort}. */
export interface AzureDnsOptions {
  /** The resource group of each zone, by zone name; zones not named are found by listing the subscription's. */
  readonly zoneResourceGroups?: Readonly<Record<string, string>>;
}

/**
 * A `dns` port over Azure DNS (`@azure/arm-dns`, api-version 2018-05-01) that
 * serves records of provider `azure` only (any other is an `InvalidInput`):
 * `getRecord` reads the record set (`RecordSets.get`); `dns.setTtl` reads it,
 * PATCHes its TTL with `If-Match` its etag (`RecordSets.update`; a record
 * changed since is a `Conflict`, never overwritten), and reads it back. A
 * record already at the TTL is left alone; reconcile reads the TTL back.
 *
 * It is not one of {@link azureTarget}'s ports: Route 53 is a `dns` port too,
 * so compose both with core's `dnsByProvider` (see the package README).
 *
 * @example
 * ```ts
 * const aws = awsSource({ region: 'eu-west-1' });
 * const dns = dnsByProvider({ route53: aws.dns, azure: azureDns({ subscriptionId }) });
 * ```
 */
export function azureDnsPort(clients: AzureClients, options: AzureDnsOptions = {}): DnsPort {
  const groups = options.zoneResourceGroups ?? {};
  const setTtl: ActionHandler<'dns.setTtl'> = {
    rateLimits: () => [{ service: 'azure-dns', bucket: 'writes', accountId: clients.subscriptionId, region: 'global' }],
    execute: (action, context) => {
      const input = inputOf(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      const label = labelOf(address);
      return readRecordSet(clients, address, groups).andThen((found) => {
        if (found === null)
          return errAsync(decomError.notFound({ message: `no Azure DNS record set ${label}`, resource: label }));
        const result = { provider: 'azure', record: label, ttl, fromTtl: found.record.ttl };
        if (found.record.ttl === ttl) return okAsync(done({ ...result, unchanged: true }));
        if (found.etag === undefined)
          return errAsync(
            decomError.providerFailure({
              message: `${label}: Azure DNS gave no etag`,
              retryable: false,
              resource: label,
            }),
          );
        return azureCall({ operation: 'Dns.recordSets.update', resource: label, signal: context.signal }, (call) =>
          clients
            .dns()
            .recordSets.update(
              found.resourceGroup,
              zoneNameOf(address.zone),
              found.relativeName,
              found.record.type as RecordType,
              { ttl },
              { ifMatch: found.etag, ...call },
            ),
        )
          .andThen(() => readRecordSet(clients, address, groups))
          .andThen((after) =>
            after?.record.ttl === ttl
              ? okAsync(done({ ...result, etag: after.etag ?? null }))
              : errAsync(
                  decomError.providerFailure({
                    message: `${label}: TTL read back is ${after?.record.ttl ?? 'none'}, not ${ttl}`,
                    retryable: true,
                    resource: label,
                  }),
                ),
          );
      });
    },
    reconcile: (action) => {
      const input = inputOf(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      return readRecordSet(clients, address, groups).map((found) =>
        found?.record.ttl === ttl
          ? done({ provider: 'azure', record: labelOf(address), ttl })
          : ({ status: 'absent' } as const),
      );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'dns.setTtl': setTtl },
    getRecord: (record) => {
      if (record.provider !== 'azure') return errAsync(notServed('getRecord', record.provider));
      return readRecordSet(clients, record, groups).map((found) => found?.record ?? null);
    },
  };
}

function notServed(what: string, provider: string | undefined): DecomError {
  return decomError.invalidInput(`${what}: the Azure DNS port serves provider 'azure' records only`, [
    { path: 'provider', message: `azure (not ${provider ?? 'route53, the default'})` },
  ]);
}

function labelOf(address: AzureRecordAddress): string {
  return `${address.name}.${zoneNameOf(address.zone)}/${address.type.toUpperCase()}`;
}

function inputOf(
  action: PlannedAction<'dns.setTtl'>,
): Result<{ address: AzureRecordAddress; ttl: number }, DecomError> {
  const { zone, name, type, ttl, provider } = action.params;
  const issues: { path: string; message: string }[] = [];
  if (provider !== 'azure')
    issues.push({ path: 'params.provider', message: 'azure (this port serves Azure DNS only)' });
  if (typeof zone !== 'string' || zone === '') issues.push({ path: 'params.zone', message: 'required' });
  if (typeof name !== 'string' || name === '') issues.push({ path: 'params.name', message: 'required' });
  if (typeof type !== 'string' || type === '') issues.push({ path: 'params.type', message: 'required' });
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > 2_147_483_647)
    issues.push({ path: 'params.ttl', message: 'an integer from 0 to 2147483647' });
  if (issues.length > 0)
    return err(
      decomError.invalidInput(
        `${action.key}: dns.setTtl: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
        issues,
      ),
    );
  return ok({ address: { zone: zone as string, name: name as string, type: type as string }, ttl: ttl as number });
}

/** The Azure RBAC actions of this port's reads (the record set read before and after a change). */
export const DNS_READ_ACTIONS: readonly string[] = ['Microsoft.Network/dnsZones/read'];

/**
 * The Azure RBAC actions a record set of `type` needs: its read, and its
 * write where a `dns.setTtl` changes it.
 *
 * @example
 * ```ts
 * dnsRecordSetActions('CNAME', { write: true }); // ['Microsoft.Network/dnsZones/CNAME/read', 'Microsoft.Network/dnsZones/CNAME/write']
 * ```
 */
export function dnsRecordSetActions(type: string, options: { readonly write?: boolean } = {}): readonly string[] {
  const read = `Microsoft.Network/dnsZones/${type}/read`;
  return options.write === true ? [read, `Microsoft.Network/dnsZones/${type}/write`] : [read];
}
