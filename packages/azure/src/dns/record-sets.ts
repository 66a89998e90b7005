import type { RecordSet, RecordType } from '@azure/arm-dns';
import { type DecomError, type DnsRecordState, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';

/** A record set's address in Azure DNS. */
export interface AzureRecordAddress {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

/** A record set as read: its state, its etag (for `If-Match`) and the zone's resource group. */
export interface AzureRecordRead {
  readonly record: DnsRecordState;
  readonly etag: string | undefined;
  readonly resourceGroup: string;
  readonly relativeName: string;
}

const RECORD_TYPES = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT']);

/** A zone name without its final dot, lower case. */
export function zoneNameOf(zone: string): string {
  return zone.replace(/\.$/, '').toLowerCase();
}

/** The record set's name relative to its zone (`@` for the apex), from a relative name or an FQDN. */
export function relativeNameOf(name: string, zone: string): string {
  const bare = name.replace(/\.$/, '');
  const zoneName = zoneNameOf(zone);
  if (bare === '@' || bare.toLowerCase() === zoneName) return '@';
  return bare.toLowerCase().endsWith(`.${zoneName}`) ? bare.slice(0, -(zoneName.length + 1)) : bare;
}

/** The values of a record set as text, whatever its type. */
export function recordValues(set: RecordSet): string[] {
  return [
    ...(set.aRecords ?? []).map((record) => record.ipv4Address ?? ''),
    ...(set.aaaaRecords ?? []).map((record) => record.ipv6Address ?? ''),
    ...(set.cnameRecord?.cname === undefined ? [] : [set.cnameRecord.cname]),
    ...(set.mxRecords ?? []).map((record) => `${record.preference} ${record.exchange}`),
    ...(set.nsRecords ?? []).map((record) => record.nsdname ?? ''),
    ...(set.ptrRecords ?? []).map((record) => record.ptrdname ?? ''),
    ...(set.srvRecords ?? []).map((record) => `${record.priority} ${record.weight} ${record.port} ${record.target}`),
    ...(set.txtRecords ?? []).map((record) => (record.value ?? []).join('')),
    ...(set.caaRecords ?? []).map((record) => `${record.flags} ${record.tag} "${record.value}"`),
  ];
}

/**
 * The resource group of the DNS zone named `zone` in the subscription: from
 * `zoneResourceGroups` when given, else by listing the subscription's zones
 * (`Zones.list`, every page); `null` when the subscription has no such zone.
 */
export function zoneResourceGroup(
  clients: AzureClients,
  zone: string,
  zoneResourceGroups: Readonly<Record<string, string>>,
): ResultAsync<string | null, DecomError> {
  const name = zoneNameOf(zone);
  const given = Object.entries(zoneResourceGroups).find(([key]) => zoneNameOf(key) === name)?.[1];
  if (given !== undefined) return okAsync(given);
  return azureCall({ operation: 'Dns.zones.list', resource: `subscription ${clients.subscriptionId}` }, async () => {
    for await (const found of clients.dns().zones.list()) {
      if (found.name !== undefined && zoneNameOf(found.name) === name)
        return /\/resourceGroups\/([^/]+)\//i.exec(found.id ?? '')?.[1] ?? null;
    }
    return null;
  });
}

/**
 * Reads a record set (`RecordSets.get`, `GET …/dnsZones/{zone}/{type}/{name}`,
 * api-version 2018-05-01): `null` when the zone or the record set does not exist.
 */
export function readRecordSet(
  clients: AzureClients,
  address: AzureRecordAddress,
  zoneResourceGroups: Readonly<Record<string, string>>,
): ResultAsync<AzureRecordRead | null, DecomError> {
  const type = address.type.toUpperCase();
  if (!RECORD_TYPES.has(type))
    return errAsync(
      decomError.invalidInput(`Azure DNS has no record type ${address.type}`, [
        { path: 'type', message: [...RECORD_TYPES].join(', ') },
      ]),
    );
  const relativeName = relativeNameOf(address.name, address.zone);
  const label = `${relativeName}.${zoneNameOf(address.zone)}/${type}`;
  return zoneResourceGroup(clients, address.zone, zoneResourceGroups).andThen((resourceGroup) => {
    if (resourceGroup === null) return okAsync(null);
    return azureCall({ operation: 'Dns.recordSets.get', resource: label }, (options) =>
      clients.dns().recordSets.get(resourceGroup, zoneNameOf(address.zone), relativeName, type as RecordType, options),
    )
      .andThen((set) =>
        typeof set.ttl === 'number'
          ? okAsync<AzureRecordRead | null, DecomError>({
              record: { zone: address.zone, name: relativeName, type, ttl: set.ttl, values: recordValues(set) },
              etag: set.etag,
              resourceGroup,
              relativeName,
            })
          : errAsync(
              decomError.providerFailure({
                message: `Dns.recordSets.get on ${label}: malformed response: no TTL`,
                retryable: false,
                resource: label,
              }),
            ),
      )
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  });
}
