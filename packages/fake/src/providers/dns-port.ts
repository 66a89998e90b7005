import {
  type ActionHandler,
  type DecomError,
  type DnsPort,
  type DnsRecordState,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type ResultAsync,
} from '@decomkit/core';
import { type DnsSetTtlInput, dnsSetTtlInput } from '@decomkit/provider-kit';
import { relativeName } from '../services/dns-names.js';
import type { FakeRoute53 } from '../source/route53.js';
import type { FakeAzureDns } from '../target/azure-dns.js';
import { done } from './resource-kind.js';

/** A record set's address: provider (default Route 53), zone, name (relative, `@` or FQDN) and type. */
type RecordAddress = DnsSetTtlInput['address'];

/** What a read found: the record and, in Azure, its etag. */
interface Found {
  readonly record: DnsRecordState;
  readonly etag: string | null;
  readonly zoneId: string | null;
}

/**
 * Port `dns` over Route 53 and Azure DNS, one port for both: records are
 * addressed by provider, zone, name and type. `dns.setTtl` (params `zone`,
 * `name`, `type`, `ttl`, `provider`) UPSERTs the Route 53 record set with its
 * values and the new TTL, or PATCHes the Azure record set's TTL (If-Match its
 * etag); a record already at that TTL is left alone. Reconcile reads the TTL back.
 */
export function fakeDnsPort(services: { readonly route53: FakeRoute53; readonly azureDns: FakeAzureDns }): DnsPort {
  const read = (address: RecordAddress): ResultAsync<Found | null, DecomError> => {
    const missing = (error: DecomError) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error));
    if (address.provider === 'azure') {
      return services.azureDns
        .getRecordSet(address.zone, address.name, address.type)
        .map((set): Found | null => ({
          record: {
            zone: address.zone,
            name: set.name,
            type: address.type.toUpperCase(),
            ttl: set.properties.TTL,
            values: set.properties.values,
          },
          etag: set.etag,
          zoneId: null,
        }))
        .orElse(missing);
    }
    return services.route53
      .hostedZoneByName(address.zone)
      .andThen((zone) =>
        services.route53.recordSet(zone.id, address.name, address.type).map((set): Found | null =>
          set === null
            ? null
            : {
                record: {
                  zone: address.zone,
                  name: relativeName(set.name, zone.name),
                  type: set.type,
                  ttl: set.ttl,
                  values: set.values,
                },
                etag: null,
                zoneId: zone.id,
              },
        ),
      )
      .orElse(missing);
  };
  const resultOf = (address: RecordAddress, found: Found, extra: JsonObject = {}) =>
    done({
      provider: address.provider,
      record: `${found.record.name}.${address.zone}/${address.type}`,
      ttl: found.record.ttl,
      ...extra,
    });
  const setTtl: ActionHandler<'dns.setTtl'> = {
    rateLimits: (action) =>
      action.params.provider === 'azure'
        ? [{ service: 'azure-dns', bucket: 'writes', accountId: '', region: 'global' }]
        : [{ service: 'route53', bucket: 'default', accountId: action.target.accountId ?? '', region: 'global' }],
    execute: (action) => {
      const input = dnsSetTtlInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      return read(address).andThen((found) => {
        if (found === null)
          return errAsync(
            decomError.notFound({
              message: `no ${address.provider} record set ${label(address)}`,
              resource: label(address),
            }),
          );
        if (found.record.ttl === ttl) return okAsync(resultOf(address, found, { fromTtl: ttl, unchanged: true }));
        if (address.provider === 'azure') {
          return services.azureDns
            .patchRecordSet(address.zone, address.name, address.type, { ttl }, found.etag ?? undefined)
            .map((set) =>
              resultOf(
                address,
                { ...found, record: { ...found.record, ttl: set.properties.TTL } },
                { fromTtl: found.record.ttl, etag: set.etag },
              ),
            );
        }
        return services.route53
          .changeResourceRecordSets(found.zoneId ?? '', [
            {
              action: 'UPSERT',
              recordSet: {
                name: `${found.record.name}.${address.zone}.`.replace(/^@\./, ''),
                type: found.record.type,
                ttl,
                values: found.record.values,
              },
            },
          ])
          .map((change) =>
            resultOf(
              address,
              { ...found, record: { ...found.record, ttl } },
              { fromTtl: found.record.ttl, changeId: change.id },
            ),
          );
      });
    },
    reconcile: (action) => {
      const input = dnsSetTtlInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { address, ttl } = input.value;
      return read(address).map((found) =>
        found !== null && found.record.ttl === ttl ? resultOf(address, found) : { status: 'absent' as const },
      );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'dns.setTtl': setTtl },
    getRecord: (record) =>
      read({ provider: record.provider ?? 'route53', zone: record.zone, name: record.name, type: record.type }).map(
        (found) => found?.record ?? null,
      ),
  };
}

function label(address: RecordAddress): string {
  return `${address.name}.${address.zone}/${address.type}`;
}
