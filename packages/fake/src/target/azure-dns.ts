import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import {
  DNS_RECORD_TYPES,
  dnsZonesOf,
  fullName,
  normalName,
  recordOf,
  relativeName,
  validTtl,
} from '../services/dns-names.js';
import { etagOf } from '../services/services-seed.js';
import type { FakeDnsRecord, FakeDnsZone } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';

/** An Azure DNS record set as the REST API returns it (2018-05-01). */
export interface AzureRecordSet {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly etag: string;
  readonly properties: { readonly TTL: number; readonly fqdn: string; readonly values: readonly string[] };
}

const notFound = (what: string) => decomError.notFound({ message: `ResourceNotFound: ${what}`, resource: what });
const badRequest = (message: string, path: string) =>
  decomError.invalidInput(`BadRequest: ${message}`, [{ path, message }]);

/**
 * The fake Azure DNS: zones and record sets addressed by zone, relative name
 * (`@` for the apex) and type. GET of a missing record set is 404; PATCH
 * changes the TTL, honours `If-Match` (a stale etag is 412) and renews the etag.
 */
export class FakeAzureDns {
  constructor(private readonly world: FakeWorld) {}

  /** The DNS zone named `zone`; 404 when the subscription has none. */
  getZone(zone: string): ResultAsync<FakeDnsZone, DecomError> {
    return this.world.call('azure-dns', 'GetZone', false, zone, () => {
      const found = this.zone(zone);
      return found === undefined ? err(notFound(`DNS zone ${zone}`)) : ok({ ...found });
    });
  }

  /** GET a record set. */
  getRecordSet(zone: string, name: string, type: string): ResultAsync<AzureRecordSet, DecomError> {
    return this.world.call('azure-dns', 'GetRecordSet', false, `${zone}/${type}/${name}`, () => {
      const found = this.zone(zone);
      if (found === undefined) return err(notFound(`DNS zone ${zone}`));
      const record = recordOf(this.world.state.services, 'azure', zone, name, type);
      return record === undefined ? err(notFound(`record set ${type} ${name} in ${zone}`)) : ok(present(record, found));
    });
  }

  /** PATCH a record set's TTL (only the fields given change). */
  patchRecordSet(
    zone: string,
    name: string,
    type: string,
    change: { readonly ttl: number },
    ifMatch?: string,
  ): ResultAsync<AzureRecordSet, DecomError> {
    return this.world.call('azure-dns', 'PatchRecordSet', true, `${zone}/${type}/${name}`, () => {
      if (!DNS_RECORD_TYPES.has(type.toUpperCase()))
        return err(badRequest(`record type ${type} is not supported`, 'recordType'));
      if (!validTtl(change.ttl)) return err(badRequest(`TTL ${change.ttl} is out of range`, 'properties.TTL'));
      const found = this.zone(zone);
      if (found === undefined) return err(notFound(`DNS zone ${zone}`));
      const record = recordOf(this.world.state.services, 'azure', zone, name, type);
      if (record === undefined) return err(notFound(`record set ${type} ${name} in ${zone}`));
      if (ifMatch !== undefined && ifMatch !== record.etag)
        return err(
          decomError.conflict({
            message: `PreconditionFailed: record set ${type} ${name} in ${zone} changed (etag)`,
            resource: `${zone}/${type}/${name}`,
          }),
        );
      record.ttl = change.ttl;
      record.etag = etagOf(`${record.etag ?? ''}/${this.world.newId('etag')}`);
      return ok(present(record, found));
    });
  }

  private zone(zone: string): FakeDnsZone | undefined {
    return dnsZonesOf(this.world.state.services).find(
      (candidate) => candidate.provider === 'azure' && candidate.name === normalName(zone),
    );
  }
}

function present(record: FakeDnsRecord, zone: FakeDnsZone): AzureRecordSet {
  const name = relativeName(record.name, zone.name);
  return {
    id: `${zone.id}/${record.type}/${name}`,
    name,
    type: `Microsoft.Network/dnsZones/${record.type}`,
    etag: record.etag ?? etagOf(`${zone.name}/${name}/${record.type}/0`),
    properties: { TTL: record.ttl, fqdn: `${fullName(name, zone.name)}.`, values: [...record.values] },
  };
}
